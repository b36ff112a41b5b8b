/**
 * Customers: a steady stream of page loads on each product's entry point,
 * each one resolved first (through the real DNS when it runs, so a drained
 * or dead cluster stops getting customers exactly when DNS stops naming it),
 * then sent to that cluster's ingress with the entry point's Host header.
 * Each page load makes the web call the API, so both services serve.
 */
import http from 'node:http';
import { promises as dns } from 'node:dns';

/**
 * Page loads a second each cluster gets while all three serve: the live
 * rate, and the rate of the history backfilled into Prometheus.
 */
export const PAGES_PER_CLUSTER_PER_SECOND = 3;

export interface HostStats {
  /** Page loads answered, by the address DNS gave and status class. */
  byAddress: Record<string, { ok: number; failed: number }>;
  /** Page loads that found no address to go to. */
  unresolved: number;
}

/** By entry point (hostname). */
export type LoadStats = Record<string, HostStats>;

/** An entry point customers visit, and how they find an address for it. */
export interface LoadTarget {
  host: string;
  /** One address per call, as a resolver would answer; undefined for none. */
  resolve: () => Promise<string | undefined>;
}

export interface Load {
  stats(): LoadStats;
  stop(): void;
}

/** Asks the real DNS (PowerDNS on loopback) for one address per query. */
export function resolveWith(dnsPort: number, name: string) {
  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${dnsPort}`]);
  return async () => (await resolver.resolve4(name))[0];
}

function get(address: string, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    const req = http.get(
      {
        host: address,
        port,
        path: '/',
        headers: { host },
        agent: false,
        timeout: 5000,
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

export function startLoad(options: {
  /** The ingress port (every cluster's ingress listens on it). */
  port: number;
  /** The entry points, read at every tick: a product synced later joins. */
  targets: () => LoadTarget[];
  /** Page loads a second on each entry point, over all its clusters. */
  perSecond: number;
}): Load {
  const stats: LoadStats = {};
  let inFlight = 0;
  const once = async (target: LoadTarget) => {
    const host = (stats[target.host] ??= { byAddress: {}, unresolved: 0 });
    // A stalled cluster must not pile up requests without bound.
    if (inFlight >= 100) return;
    inFlight += 1;
    try {
      const address = await target.resolve().catch(() => undefined);
      if (!address) {
        host.unresolved += 1;
        return;
      }
      const counts = (host.byAddress[address] ??= { ok: 0, failed: 0 });
      const status = await get(address, options.port, target.host).catch(
        () => 0,
      );
      if (status >= 200 && status < 400) counts.ok += 1;
      else counts.failed += 1;
    } finally {
      inFlight -= 1;
    }
  };
  const timer = setInterval(() => {
    for (const target of options.targets()) void once(target);
  }, 1000 / options.perSecond);
  timer.unref();
  return {
    stats: () => structuredClone(stats),
    stop: () => clearInterval(timer),
  };
}
