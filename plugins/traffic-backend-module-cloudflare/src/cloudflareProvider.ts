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
const toPortal = (weight: number | undefined) =>
  Math.round((weight ?? 1) * 100);
const toCloudflare = (weight: number) => Math.min(1, weight / 100);

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
    const report = await client.loadBalancers.pools.health.get(poolId, {
      account_id: accountId,
    });
    const healthy = report.pop_health?.healthy;
    if (healthy === undefined) return { status: 'unknown' };
    const failing = (report.pop_health?.origins ?? []).flatMap(origin =>
      Object.entries(origin)
        .filter(([, health]) => health && health.healthy === false)
        .map(
          ([ip, health]) => `${ip}: ${health?.failure_reason ?? 'unhealthy'}`,
        ),
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
    entry.targets.map(target => ({
      name: `pool ${pools[target.cluster]?.name ?? target.cluster}`,
      type: 'pool',
      content: [
        `enabled=${weights[target.cluster] > 0}`,
        `weight=${toCloudflare(weights[target.cluster]).toFixed(2)}`,
      ],
      setIdentifier: pools[target.cluster]?.id ?? target.target,
      weight: weights[target.cluster],
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
    for (const target of entry.targets) {
      const pool = all.find(candidate =>
        (candidate.origins ?? []).some(
          origin =>
            origin.name === target.cluster || origin.address === target.target,
        ),
      );
      if (!pool?.id) {
        throw new Error(
          `no pool of the load balancer ${entry.name} serves ${target.cluster} (an origin named ${target.cluster} or at ${target.target})`,
        );
      }
      out[target.cluster] = pool;
    }
    return out;
  }

  /** The pool ids a reading found, by cluster (its records' set identifiers). */
  const poolIdsOf = (entry: EntryPointSpec, reading: ProviderReading) =>
    Object.fromEntries(
      entry.targets.map((target, index) => [
        target.cluster,
        reading.records[index]?.setIdentifier ?? target.target,
      ]),
    );

  return {
    id: 'cloudflare',

    async read(entry) {
      const lb = await loadBalancer(entry);
      const pools = await poolsOf(entry, lb);
      const weights: Record<string, number> = {};
      const byCluster: Record<string, { id: string; name?: string }> = {};
      for (const target of entry.targets) {
        const pool = pools[target.cluster];
        const inDefault = (lb.default_pools ?? []).includes(pool.id!);
        weights[target.cluster] =
          inDefault && pool.enabled !== false
            ? toPortal(
                lb.random_steering?.pool_weights?.[pool.id!] ??
                  lb.random_steering?.default_weight,
              )
            : 0;
        byCluster[target.cluster] = { id: pool.id!, name: pool.name };
      }
      const health = Object.fromEntries(
        await Promise.all(
          entry.targets.map(
            async target =>
              [
                target.cluster,
                await poolHealth(byCluster[target.cluster].id),
              ] as const,
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
        reading.records.map((record, index) => [
          entry.targets[index]?.cluster,
          {
            id: record.setIdentifier ?? '',
            name: record.name.replace(/^pool /, ''),
          },
        ]),
      );
      return records(entry, weights, pools);
    },

    async write(entry, reading, weights) {
      const lb = await loadBalancer(entry);
      const poolIds = poolIdsOf(entry, reading);
      // Pools first: a drained pool stops serving even before the weights land.
      for (const target of entry.targets) {
        const was = reading.weights[target.cluster] > 0;
        const now = weights[target.cluster] > 0;
        if (was !== now) {
          await client.loadBalancers.pools.edit(poolIds[target.cluster], {
            account_id: accountId,
            enabled: now,
          });
        }
      }
      const poolWeights = { ...(lb.random_steering?.pool_weights ?? {}) };
      for (const target of entry.targets) {
        if (weights[target.cluster] > 0) {
          poolWeights[poolIds[target.cluster]] = toCloudflare(
            weights[target.cluster],
          );
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
