import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemoFleet, startDemoFleet } from '@internal/demo-fleet';
import {
  freePort,
  RealPostgres,
  RealRedis,
  startPostgres,
  startRedis,
} from '@internal/test-services';
import { Proxy, startProxy } from './proxy';
import { Replica, startReplica } from './replica';

/** The upstream APIs a fault can break, named `<cluster>.<api>` or `dns`. */
export type UpstreamName = string;

export interface ScaleOut {
  /** The round-robin proxy in front of the replicas: what users reach. */
  url: string;
  proxy: Proxy;
  replicas: Replica[];
  fleet: DemoFleet;
  postgres: RealPostgres;
  redis: RealRedis;
  /** One fault proxy per upstream API, between the replicas and the demo fleet. */
  upstreams: Record<UpstreamName, Proxy>;
  /** Starts replica `index` again after a kill, on the same port and config. */
  restart(index: number): Promise<Replica>;
  stop(): Promise<void>;
}

export interface ScaleOutOptions {
  repoRoot: string;
  replicas?: number;
  /** The demo fleet's first port; the harness stays off the portal's 7100. */
  fleetBasePort?: number;
  /** Extra config, merged into every replica's (fleet cache, traffic). */
  config?: Record<string, unknown>;
  /** Where replica logs go. */
  logDir: string;
}

/**
 * Several backend replicas as production runs them: one real PostgreSQL
 * and one real Redis (private servers from Debian's packages, on loopback),
 * a round-robin proxy in front, and the demo fleet behind fault proxies
 * (one per cluster API and one for the DNS provider) so a fault script can
 * break one upstream without touching the others.
 */
export async function startScaleOut(
  options: ScaleOutOptions,
): Promise<ScaleOut> {
  const count = options.replicas ?? 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-scale-'));
  fs.mkdirSync(options.logDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const postgres = await startPostgres();
    stops.push(() => postgres.stop());
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const fleet = await startDemoFleet({
      basePort: options.fleetBasePort ?? 7300,
    });
    stops.push(() => fleet.stop());

    const upstreams: Record<UpstreamName, Proxy> = {};
    const through = async (name: string, url: string) => {
      const { hostname, port } = new URL(url);
      const proxy = await startProxy([{ host: hostname, port: Number(port) }]);
      upstreams[name] = proxy;
      stops.push(() => proxy.stop());
      return proxy.url;
    };
    const clusters: Record<string, unknown> = {};
    for (const cluster of fleet.clusters) {
      const urls = fleet.urls(cluster.name);
      clusters[cluster.name] = {
        kubernetes: {
          url: await through(`${cluster.name}.kubernetes`, urls.kubernetes),
        },
        argocd: { url: await through(`${cluster.name}.argocd`, urls.argocd) },
        prometheus: {
          url: await through(`${cluster.name}.prometheus`, urls.prometheus),
        },
      };
    }
    const dnsUrl = await through('dns', fleet.powerDnsUrl);

    const ports = await Promise.all(
      Array.from({ length: count }, () => freePort()),
    );
    const proxy = await startProxy(
      ports.map(port => ({ host: '127.0.0.1', port })),
    );
    stops.push(() => proxy.stop());

    const configFor = (index: number) => {
      const file = path.join(work, `replica-${index}.json`);
      const config = merge(
        {
          backend: {
            baseUrl: proxy.url,
            listen: { port: ports[index] },
            database: { client: 'pg', connection: postgres.url },
            cache: { store: 'redis', connection: redis.url },
          },
          trinity: {
            clusters,
            traffic: {
              powerdns: {
                url: dnsUrl,
                healthCheck: { port: (options.fleetBasePort ?? 7300) + 80 },
                // Where an evacuation asks DNS itself: this fleet's real
                // PowerDNS, or nowhere (null unsets app-config.yaml's).
                dns: fleet.dnsPort ? `127.0.0.1:${fleet.dnsPort}` : null,
              },
            },
            forge: {
              local: { directory: path.join(work, `forge-${index}`) },
            },
          },
          techdocs: {
            publisher: {
              type: 'local',
              local: { publishDirectory: path.join(work, `docs-${index}`) },
            },
          },
        },
        options.config ?? {},
      );
      // JSON is YAML: Backstage's config loader reads it as is.
      fs.writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    };
    const launch = (index: number) =>
      startReplica({
        repoRoot: options.repoRoot,
        index,
        port: ports[index],
        configFile: configFor(index),
        logFile: path.join(options.logDir, `replica-${index}.log`),
      });
    // The first replica migrates the databases; the others start on them.
    const replicas: Replica[] = [await launch(0)];
    replicas.push(
      ...(await Promise.all(
        Array.from({ length: count - 1 }, (_, index) => launch(index + 1)),
      )),
    );
    stops.push(async () => {
      for (const replica of replicas) await replica.stop();
    });
    return {
      url: proxy.url,
      proxy,
      replicas,
      fleet,
      postgres,
      redis,
      upstreams,
      async restart(index) {
        replicas[index] = await launch(index);
        return replicas[index];
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The repository root: the nearest directory up from `from` holding the backend. */
export function findRepoRoot(from = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'packages', 'backend', 'package.json'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no Trinity repository at or above ${from}`);
    }
  }
}

/** Deep merge of plain objects; `override` wins. */
function merge(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const left = out[key];
    out[key] = isObject(left) && isObject(value) ? merge(left, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
