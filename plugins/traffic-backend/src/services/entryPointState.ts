import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntryPointSpec,
  EntryPointState,
  shares,
} from '@internal/plugin-traffic-common';
import { ProviderReading } from '@internal/plugin-traffic-node';
import { versionOf } from './providerCall';
import { ActionRecord, toDrain } from './TrafficStore';

/**
 * The entry point as the Failover tab shows it: per cluster its target,
 * weight, the provider's health, its effective share and its drain; the
 * records as written; the compare-and-set version.
 */
export function entryPointState(
  entity: Entity,
  entry: EntryPointSpec,
  reading: ProviderReading,
  drains: ActionRecord[],
  now: Date,
): EntryPointState {
  const health = Object.fromEntries(
    entry.targets.map(t => [
      t.cluster,
      reading.health[t.cluster]?.status ?? 'unknown',
    ]),
  );
  const share = shares(reading.weights, health);
  return {
    entityRef: stringifyEntityRef(entity),
    name: entry.name,
    provider: entry.provider,
    tier: entry.tier,
    ttl: reading.ttl,
    version: versionOf(reading),
    clusters: entry.targets.map(t => {
      const drain = drains.find(d => d.cluster === t.cluster);
      return {
        cluster: t.cluster,
        target: t.target,
        weight: reading.weights[t.cluster] ?? 0,
        health: health[t.cluster],
        healthDetail: reading.health[t.cluster]?.detail,
        share: share[t.cluster],
        ...(drain && { drain: toDrain(drain) }),
      };
    }),
    records: reading.records,
    pendingChange: reading.pendingChange,
    fetchedAt: now.toISOString(),
  };
}
