import {
  cellDataOf,
  FleetRow,
  RolloutData,
} from '@internal/plugin-fleet-common';

/** One service's version in one upgrade ring. */
export type RingService = {
  name: string;
  /** Stable tags its clusters in the ring run: one, unless the ring is split. */
  stable: string[];
  /** Tags being rolled out there, with where and how far. */
  canaries: Array<{ tag: string; cluster: string; words: string }>;
};

/** What runs in one upgrade ring, from its clusters' rollout cells. */
export type RingVersion = {
  ring: string;
  /** The ring's clusters by title, as the rows below name them. */
  clusters: string[];
  services: RingService[];
  /** Clusters of the ring whose versions are not known, and why. */
  unknown: Array<{ cluster: string; why: string }>;
};

/** How far a canary is, in words, for the ring's line. */
export function canaryWords(rollout: RolloutData): string {
  if (rollout.aborted) return 'aborted';
  const step = rollout.step
    ? `step ${rollout.step.index} of ${rollout.step.total}, `
    : '';
  return `${step}${rollout.canaryWeight} %${rollout.paused ? ', paused' : ''}`;
}

const add = (list: string[], item: string) => {
  if (!list.includes(item)) list.push(item);
};

/**
 * Which version runs in which ring: each cluster's Rollouts (their stable
 * tag, and the tag being rolled out while a canary runs) grouped by the
 * cluster's upgrade ring, rings in order. A cluster whose rollout cell did
 * not answer, or that has no Rollout, is named with why rather than left
 * out: a ring missing a cluster would read as settled.
 */
export function versionsByRing(rows: readonly FleetRow[]): RingVersion[] {
  const rings = new Map<string, RingVersion>();
  for (const row of rows) {
    const ringName = row.cluster.upgradeRing;
    let ring = rings.get(ringName);
    if (!ring) {
      ring = { ring: ringName, clusters: [], services: [], unknown: [] };
      rings.set(ringName, ring);
    }
    ring.clusters.push(row.cluster.title);
    const cell = row.cells.rollout;
    const rollouts = cellDataOf(cell, 'rollout')?.rollouts ?? [];
    if (rollouts.length === 0) {
      ring.unknown.push({
        cluster: row.cluster.title,
        why: cell?.error?.message ?? cell?.summary ?? 'no rollout column',
      });
      continue;
    }
    for (const rollout of rollouts) {
      let service = ring.services.find(known => known.name === rollout.name);
      if (!service) {
        service = { name: rollout.name, stable: [], canaries: [] };
        ring.services.push(service);
      }
      add(service.stable, rollout.stableTag ?? 'unknown tag');
      if (!rollout.fullyPromoted && rollout.canaryTag) {
        service.canaries.push({
          tag: rollout.canaryTag,
          cluster: row.cluster.title,
          words: canaryWords(rollout),
        });
      }
    }
  }
  return [...rings.values()].sort((left, right) =>
    left.ring.localeCompare(right.ring, 'en-US', { numeric: true }),
  );
}
