import http from 'node:http';
import express from 'express';
import { applicationsFor, unreachable } from '../argocd/applications';
import { argocdRouter } from '../argocd/router';
import { DemoCluster, DemoService } from '../fleet';
import { clusterObjects } from '../kubernetes/objects';
import { kubernetesRouter, KubernetesRouter } from '../kubernetes/router';
import { WatchOptions } from '../kubernetes/watch';
import { prometheusRouter } from './prometheus/router';
import { seriesAt } from './prometheus/series';
import { ScenarioStore } from '../scenario';
import { ScaleFleetShape } from './generate';

/** The central Argo CD's read-only token in a scaled fleet (a demo value). */
export const SCALE_ARGOCD_TOKEN = 'scale-fleet-argocd-read';

export interface ScaleFleet {
  url: string;
  shape: ScaleFleetShape;
  scenarios: ScenarioStore;
  /** Requests served so far, by cluster (or `management`) and API. */
  requests(): Record<string, Record<string, number>>;
  urls(cluster: string): {
    kubernetes: string;
    prometheus: string;
  };
  centralArgoCdUrl: string;
  stop(): Promise<void>;
}

/**
 * A generated fleet of any size on ONE port: each cluster's Kubernetes API
 * and Prometheus under `/clusters/<name>/…` (as a path-prefixed proxy such
 * as Rancher's serves clusters), one central Argo CD under `/argocd` holding
 * every cluster's applications by destination. The same stand-ins as the
 * three-cluster demo fleet build every object, so what the portal reads
 * has the shapes the contract suites hold them to. A cluster set `down`
 * resets every connection to its APIs, and the central Argo CD reports its
 * applications unreachable, as for a dead cluster.
 */
export async function startScaleFleet(options: {
  shape: ScaleFleetShape;
  port?: number;
  host?: string;
  seed?: string;
  now?: () => Date;
  /** Watch cadences of every cluster's Kubernetes API (tests shorten them). */
  watch?: WatchOptions;
}): Promise<ScaleFleet> {
  const { shape } = options;
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 'scale';
  const now = options.now ?? (() => new Date());
  const scenarios = new ScenarioStore(
    shape.clusters.map(cluster => cluster.name),
  );
  const counts: Record<string, Record<string, number>> = {};
  const count = (cluster: string, api: string) => {
    counts[cluster] ??= {};
    counts[cluster][api] = (counts[cluster][api] ?? 0) + 1;
  };
  const servicesOn = new Map<string, DemoService[]>(
    shape.clusters.map(cluster => [
      cluster.name,
      shape.services.filter(service =>
        service.clusters?.includes(cluster.name),
      ),
    ]),
  );
  const objectsOf = (cluster: DemoCluster) =>
    clusterObjects(
      seed,
      cluster,
      servicesOn.get(cluster.name)!,
      scenarios.get(cluster.name),
      now(),
    );

  // Where the fleet listens, known once it does (a dead cluster's
  // applications name its API server's address).
  const listening = { url: '' };
  const app = express();
  app.disable('x-powered-by');
  const kubernetesOf = new Map<string, KubernetesRouter>();
  for (const cluster of shape.clusters) {
    const prefix = `/clusters/${cluster.name}`;
    const dead: express.RequestHandler = (req, _res, next) => {
      if (scenarios.get(cluster.name).down) req.socket.destroy();
      else next();
    };
    const kubernetes = kubernetesRouter(
      () => objectsOf(cluster),
      cluster.name,
      cluster.kubernetesVersion,
      // A cold portal lists every kind of every cluster at once: lists
      // within a second of a pass share it (WatchOptions.coalesceMs).
      { coalesceMs: 1000, ...options.watch },
    );
    kubernetesOf.set(cluster.name, kubernetes);
    app.use(
      `${prefix}/kubernetes`,
      // A watch is one request: counted once, when it opens.
      (_req, _res, next) => {
        count(cluster.name, 'kubernetes');
        next();
      },
      dead,
      kubernetes,
    );
    app.use(
      `${prefix}/prometheus`,
      (_req, _res, next) => {
        count(cluster.name, 'prometheus');
        next();
      },
      dead,
      prometheusRouter(
        at =>
          seriesAt(
            seed,
            cluster,
            servicesOn.get(cluster.name)!,
            scenarios.get(cluster.name),
            at,
          ),
        now,
      ),
    );
  }
  const byName = new Map(
    shape.clusters.map(cluster => [cluster.name, cluster]),
  );
  app.use(
    '/argocd',
    (_req, _res, next) => {
      count('management', 'argocd');
      next();
    },
    argocdRouter({
      applications: () =>
        shape.clusters.flatMap(cluster => {
          const scenario = scenarios.get(cluster.name);
          const apps = applicationsFor(
            seed,
            cluster,
            servicesOn.get(cluster.name)!,
            scenario,
            now(),
            'central',
          );
          return scenario.down
            ? apps.map(one =>
                unreachable(
                  one,
                  `${listening.url}/clusters/${cluster.name}/kubernetes`,
                ),
              )
            : apps;
        }),
      objects: one => {
        const name = (one.spec.destination as { name?: string }).name;
        const cluster = name ? byName.get(name) : undefined;
        if (!cluster || scenarios.get(cluster.name).down) return [];
        return objectsOf(cluster);
      },
      auth: { username: 'admin', password: 'scale-fleet' },
      apiTokens: [],
      readOnlyTokens: [SCALE_ARGOCD_TOKEN],
    }),
  );

  // A cluster going down breaks its open watches too, as a dead control
  // plane resets every connection (`dead` only refuses the new ones).
  scenarios.onChange((cluster, scenario) => {
    if (scenario.down) kubernetesOf.get(cluster)?.closeWatches('destroy');
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  const url = `http://${host}:${port}`;
  listening.url = url;
  return {
    url,
    shape,
    scenarios,
    requests: () => structuredClone(counts),
    urls: cluster => ({
      kubernetes: `${url}/clusters/${cluster}/kubernetes`,
      prometheus: `${url}/clusters/${cluster}/prometheus`,
    }),
    centralArgoCdUrl: `${url}/argocd`,
    stop: () =>
      new Promise<void>(resolve => {
        for (const kubernetes of kubernetesOf.values()) {
          kubernetes.closeWatches('end');
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
