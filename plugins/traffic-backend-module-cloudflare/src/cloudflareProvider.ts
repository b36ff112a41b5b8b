import Cloudflare from 'cloudflare';
import {
  EntryPointSpec,
  ProviderHealth,
  ProviderRecord,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';

export interface CloudflareOptions {
  client: Cloudflare;
  accountId: string;
  zoneId: string;
}

/** Cloudflare's random-steering weights are 0–1; the portal's are 0–100 here. */
const toPortal = (w: number | undefined) => Math.round((w ?? 1) * 100);
const toCloudflare = (w: number) => Math.min(1, w / 100);

/**
 * Cloudflare Load Balancing: the entry point is the load balancer whose name
 * is its DNS name; each cluster is one pool (the target in
 * `trinity.io/entry-point-targets` is the pool id). A drain disables the
 * pool; weights are the load balancer's random-steering pool weights
 * (weights here run 0–100, Cloudflare's 0–1); health is the pool's health
 * from Cloudflare's monitors.
 */
export function createCloudflareProvider(
  options: CloudflareOptions,
): TrafficProvider {
  const { client, accountId, zoneId } = options;

  async function loadBalancer(entry: EntryPointSpec) {
    for await (const lb of client.loadBalancers.list({ zone_id: zoneId })) {
      if (lb.name === entry.name) return lb;
    }
    throw new Error(
      `no Cloudflare load balancer named ${entry.name} in zone ${zoneId}`,
    );
  }

  async function poolHealth(
    poolId: string,
  ): Promise<{ status: ProviderHealth; detail?: string }> {
    const h = await client.loadBalancers.pools.health.get(poolId, {
      account_id: accountId,
    });
    const healthy = h.pop_health?.healthy;
    if (healthy === undefined) return { status: 'unknown' };
    const failing = (h.pop_health?.origins ?? []).flatMap(o =>
      Object.entries(o)
        .filter(([, v]) => v && v.healthy === false)
        .map(([ip, v]) => `${ip}: ${v?.failure_reason ?? 'unhealthy'}`),
    );
    return {
      status: healthy ? 'healthy' : 'unhealthy',
      detail: failing.length ? failing.join('; ') : 'monitors report healthy',
    };
  }

  const records = (
    entry: EntryPointSpec,
    weights: Record<string, number>,
    names: Record<string, string | undefined>,
  ): ProviderRecord[] =>
    entry.targets.map(t => ({
      name: `pool ${names[t.cluster] ?? t.cluster}`,
      type: 'pool',
      content: [
        `enabled=${weights[t.cluster] > 0}`,
        `weight=${toCloudflare(weights[t.cluster]).toFixed(2)}`,
      ],
      setIdentifier: t.target,
      weight: weights[t.cluster],
    }));

  return {
    id: 'cloudflare',

    async read(entry) {
      const lb = await loadBalancer(entry);
      const pools = await Promise.all(
        entry.targets.map(t =>
          client.loadBalancers.pools.get(t.target, { account_id: accountId }),
        ),
      );
      const weights: Record<string, number> = {};
      const names: Record<string, string | undefined> = {};
      entry.targets.forEach((t, i) => {
        const inDefault = (lb.default_pools ?? []).includes(t.target);
        weights[t.cluster] =
          inDefault && pools[i].enabled !== false
            ? toPortal(
                lb.random_steering?.pool_weights?.[t.target] ??
                  lb.random_steering?.default_weight,
              )
            : 0;
        names[t.cluster] = pools[i].name;
      });
      const health = Object.fromEntries(
        await Promise.all(
          entry.targets.map(
            async t => [t.cluster, await poolHealth(t.target)] as const,
          ),
        ),
      );
      return {
        records: records(entry, weights, names),
        weights,
        health,
        ttl: lb.ttl,
      };
    },

    plan(entry, reading: ProviderReading, weights) {
      const names = Object.fromEntries(
        reading.records.map((r, i) => [
          entry.targets[i]?.cluster,
          r.name.replace(/^pool /, ''),
        ]),
      );
      return records(entry, weights, names);
    },

    async write(entry, reading, weights) {
      const lb = await loadBalancer(entry);
      // Pools first: a drained pool stops serving even before the weights land.
      for (const t of entry.targets) {
        const was = reading.weights[t.cluster] > 0;
        const now = weights[t.cluster] > 0;
        if (was !== now) {
          await client.loadBalancers.pools.edit(t.target, {
            account_id: accountId,
            enabled: now,
          });
        }
      }
      const poolWeights = { ...(lb.random_steering?.pool_weights ?? {}) };
      for (const t of entry.targets) {
        if (weights[t.cluster] > 0) {
          poolWeights[t.target] = toCloudflare(weights[t.cluster]);
        }
      }
      await client.loadBalancers.edit(lb.id!, {
        zone_id: zoneId,
        random_steering: {
          ...lb.random_steering,
          pool_weights: poolWeights,
        },
      });
      return {};
    },
  };
}
