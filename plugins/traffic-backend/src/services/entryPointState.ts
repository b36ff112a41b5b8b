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
    entry.targets.map(target => [
      target.cluster,
      reading.health[target.cluster]?.status ?? 'unknown',
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
    clusters: entry.targets.map(target => {
      const drain = drains.find(record => record.cluster === target.cluster);
      return {
        cluster: target.cluster,
        target: target.target,
        weight: reading.weights[target.cluster] ?? 0,
        health: health[target.cluster],
        healthDetail: reading.health[target.cluster]?.detail,
        share: share[target.cluster],
        ...(drain && { drain: toDrain(drain) }),
      };
    }),
    records: reading.records,
    pendingChange: reading.pendingChange,
    fetchedAt: now.toISOString(),
  };
}
