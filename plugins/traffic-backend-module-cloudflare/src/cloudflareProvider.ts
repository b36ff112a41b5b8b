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
 * is its DNS name; each cluster is one of its pools — the one whose origin
 * is named after the cluster (as the infra repo's EntryPoint composition
 * writes it) or has the cluster's address. A drain disables the pool;
 * weights are the load balancer's random-steering pool weights (weights
 * here run 0–100, Cloudflare's 0–1); health is the pool's health from
 * Cloudflare's monitors.
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
    pools: Record<string, { id: string; name?: string }>,
  ): ProviderRecord[] =>
    entry.targets.map(t => ({
      name: `pool ${pools[t.cluster]?.name ?? t.cluster}`,
      type: 'pool',
      content: [
        `enabled=${weights[t.cluster] > 0}`,
        `weight=${toCloudflare(weights[t.cluster]).toFixed(2)}`,
      ],
      setIdentifier: pools[t.cluster]?.id ?? t.target,
      weight: weights[t.cluster],
    }));

  /** Each cluster's pool among the load balancer's: its origin named after the cluster, or at its address. */
  async function poolsOf(
    entry: EntryPointSpec,
    lb: Awaited<ReturnType<typeof loadBalancer>>,
  ) {
    const ids = [
      ...new Set([
        ...(lb.default_pools ?? []),
        ...(lb.fallback_pool ? [lb.fallback_pool] : []),
      ]),
    ];
    const all = await Promise.all(
      ids.map(id =>
        client.loadBalancers.pools.get(id, { account_id: accountId }),
      ),
    );
    const out: Record<string, (typeof all)[number]> = {};
    for (const t of entry.targets) {
      const pool = all.find(p =>
        (p.origins ?? []).some(
          o => o.name === t.cluster || o.address === t.target,
        ),
      );
      if (!pool?.id) {
        throw new Error(
          `no pool of the load balancer ${entry.name} serves ${t.cluster} (an origin named ${t.cluster} or at ${t.target})`,
        );
      }
      out[t.cluster] = pool;
    }
    return out;
  }

  /** The pool ids a reading found, by cluster (its records' set identifiers). */
  const poolIdsOf = (entry: EntryPointSpec, reading: ProviderReading) =>
    Object.fromEntries(
      entry.targets.map((t, i) => [
        t.cluster,
        reading.records[i]?.setIdentifier ?? t.target,
      ]),
    );

  return {
    id: 'cloudflare',

    async read(entry) {
      const lb = await loadBalancer(entry);
      const pools = await poolsOf(entry, lb);
      const weights: Record<string, number> = {};
      const byCluster: Record<string, { id: string; name?: string }> = {};
      for (const t of entry.targets) {
        const pool = pools[t.cluster];
        const inDefault = (lb.default_pools ?? []).includes(pool.id!);
        weights[t.cluster] =
          inDefault && pool.enabled !== false
            ? toPortal(
                lb.random_steering?.pool_weights?.[pool.id!] ??
                  lb.random_steering?.default_weight,
              )
            : 0;
        byCluster[t.cluster] = { id: pool.id!, name: pool.name };
      }
      const health = Object.fromEntries(
        await Promise.all(
          entry.targets.map(
            async t =>
              [t.cluster, await poolHealth(byCluster[t.cluster].id)] as const,
          ),
        ),
      );
      return {
        records: records(entry, weights, byCluster),
        weights,
        health,
        ttl: lb.ttl,
      };
    },

    plan(entry, reading: ProviderReading, weights) {
      const pools = Object.fromEntries(
        reading.records.map((r, i) => [
          entry.targets[i]?.cluster,
          { id: r.setIdentifier ?? '', name: r.name.replace(/^pool /, '') },
        ]),
      );
      return records(entry, weights, pools);
    },

    async write(entry, reading, weights) {
      const lb = await loadBalancer(entry);
      const poolIds = poolIdsOf(entry, reading);
      // Pools first: a drained pool stops serving even before the weights land.
      for (const t of entry.targets) {
        const was = reading.weights[t.cluster] > 0;
        const now = weights[t.cluster] > 0;
        if (was !== now) {
          await client.loadBalancers.pools.edit(poolIds[t.cluster], {
            account_id: accountId,
            enabled: now,
          });
        }
      }
      const poolWeights = { ...(lb.random_steering?.pool_weights ?? {}) };
      for (const t of entry.targets) {
        if (weights[t.cluster] > 0) {
          poolWeights[poolIds[t.cluster]] = toCloudflare(weights[t.cluster]);
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
