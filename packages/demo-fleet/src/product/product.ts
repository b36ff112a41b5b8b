/**
 * The product, running: on each cluster, each of its services as a process
 * (processes.ts) rendered from the product template (render.ts), behind the
 * cluster's ingress — `/api` to the API, everything else to the web, and
 * `/healthz` is the web's readiness, which the DNS health check asks. The
 * web reaches the API through the API's Service, where the scenario's
 * faults sit (faults.ts). A cluster that goes down takes its processes with
 * it; they start again when it comes back.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DemoCluster, DemoService } from '../fleet';
import { Scenario } from '../scenario';
import { Running } from '../world';
import { errorShare, failEvenly } from './faults';
import {
  serviceProcess,
  ServiceProcess,
  servicePorts,
  writeRendered,
} from './processes';
import { forward } from './proxy';

export interface ClusterProduct {
  /** Serves the cluster's ingress: /healthz, /api/…, and the web. */
  ingress: http.RequestListener;
  /** The services' processes, each a scrape target (127.0.0.1:port). */
  processes: ServiceProcess[];
}

export interface Product {
  of(cluster: string): ClusterProduct;
  /** A service's process on a cluster, as the Kubernetes stand-in shows it. */
  running(cluster: string, service: string): Running | undefined;
  /** Kills a cluster's processes (down) or starts them again. */
  setDown(cluster: string, down: boolean): Promise<void>;
  stop(): Promise<void>;
}

const kindOf = (service: DemoService) =>
  service.name.slice(service.product.length + 1);

/** The API's Service in a cluster: forwards to the API, with the faults. */
async function apiService(apiPort: number, scenario: () => Scenario) {
  const fail = failEvenly();
  const server = http.createServer((req, res) => {
    const now = scenario();
    const answer = () => {
      if (fail(errorShare(now))) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('upstream unavailable (demo fault)\n');
      } else forward(req, res, apiPort);
    };
    if (now.latencyMs > 0) setTimeout(answer, now.latencyMs);
    else answer();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startProduct(options: {
  clusters: DemoCluster[];
  services: DemoService[];
  scenario: (cluster: string) => Scenario;
}): Promise<Product> {
  const { clusters, services } = options;
  const ports = await servicePorts(
    clusters.map(cluster => cluster.name),
    services.map(service => service.name),
  );
  const dirs = new Map(
    services.map(service => [
      service.name,
      writeRendered(service.product, service.name),
    ]),
  );
  const closers: Array<() => Promise<void>> = [];
  const byCluster = new Map<string, ClusterProduct>();
  for (const cluster of clusters) {
    const port = (service: DemoService) =>
      ports.get(`${cluster.name}/${service.name}`)!;
    const web = services.find(service => kindOf(service) === 'web');
    const api = services.find(service => kindOf(service) === 'api');
    const apiUrl = api
      ? await apiService(port(api), () => options.scenario(cluster.name))
      : undefined;
    if (apiUrl) closers.push(apiUrl.close);
    const processes = services.map(service =>
      serviceProcess({
        dir: dirs.get(service.name)!,
        service: service.name,
        cluster: cluster.name,
        port: port(service),
        env: service === web && apiUrl ? { API_URL: apiUrl.url } : {},
      }),
    );
    const ingress: http.RequestListener = (req, res) => {
      const url = req.url ?? '/';
      if (url === '/healthz') {
        // The gateway is healthy while the web is ready to serve.
        if (!web) {
          res.end(`ok ${cluster.name}\n`);
          return;
        }
        forward(req, res, port(web), '/readyz');
      } else if (api && (url === '/api' || url.startsWith('/api/'))) {
        forward(req, res, port(api));
      } else if (web) {
        forward(req, res, port(web));
      } else {
        res.writeHead(404).end();
      }
    };
    byCluster.set(cluster.name, { ingress, processes });
  }
  const all = [...byCluster.values()].flatMap(cluster => cluster.processes);
  try {
    await Promise.all(all.map(proc => proc.start()));
  } catch (error) {
    await Promise.all(all.map(proc => proc.stop()));
    await Promise.all(closers.map(close => close()));
    throw error;
  }
  const of = (cluster: string) => {
    const found = byCluster.get(cluster);
    if (!found) throw new Error(`unknown cluster ${cluster}`);
    return found;
  };
  return {
    of,
    running(cluster, service) {
      const proc = byCluster
        .get(cluster)
        ?.processes.find(candidate => candidate.service === service);
      return proc && { up: proc.up(), restarts: proc.restarts() };
    },
    async setDown(cluster, down) {
      const { processes } = of(cluster);
      await Promise.all(
        processes.map(proc => (down ? proc.stop() : proc.start())),
      );
    },
    async stop() {
      await Promise.all(all.map(proc => proc.stop()));
      await Promise.all(closers.map(close => close()));
    },
  };
}
