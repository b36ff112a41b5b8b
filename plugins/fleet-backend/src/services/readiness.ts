import { Entity } from '@backstage/catalog-model';
import {
  cellDataOf,
  FailoverReadiness,
  FleetRow,
} from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';

/**
 * Would the product survive losing any one cloud? Every check that fails is a
 * reason; checks that cannot be made (a cluster did not answer) make the
 * verdict "unknown", never "ready":
 *
 * - it runs on at least two clusters;
 * - it declares a global entry point (its per-cluster targets are the
 *   traffic family's to check);
 * - every cluster's loss could be absorbed by the others (N-1 headroom);
 * - its data is not a single-region primary — the "fake active-active"
 *   that fails over its traffic but not its writes.
 */
export function failoverReadiness(
  entity: Entity,
  rows: FleetRow[],
): FailoverReadiness {
  const entityAnnotations = entity.metadata.annotations ?? {};
  const problems: string[] = [];
  const unknowns: string[] = [];
  if (rows.length < 2) {
    problems.push(
      `runs on ${rows.length} cluster${
        rows.length === 1 ? '' : 's'
      }; losing it loses the product`,
    );
  }
  if (!entityAnnotations[annotations.entryPoint]) {
    problems.push(`no global entry point (${annotations.entryPoint})`);
  }
  const dataMode = entityAnnotations[annotations.dataMode];
  if (dataMode === 'single-region-primary') {
    problems.push(
      'data is a single-region primary: traffic would fail over, writes would not',
    );
  } else if (!dataMode) {
    unknowns.push(`data mode not declared (${annotations.dataMode})`);
  }
  for (const row of rows) {
    const headroom = cellDataOf(row.cells.workloads, 'workloads')?.headroom;
    if (!headroom || headroom.enough === null) {
      unknowns.push(`N-1 headroom for ${row.cluster.name} unknown`);
    } else if (!headroom.enough) {
      problems.push(`losing ${row.cluster.name}: ${headroom.reason}`);
    }
  }
  if (problems.length > 0)
    return { verdict: 'not-ready', reasons: [...problems, ...unknowns] };
  if (unknowns.length > 0) return { verdict: 'unknown', reasons: unknowns };
  return {
    verdict: 'ready',
    reasons: [
      `runs on ${rows.length} clusters with N-1 headroom on each`,
      `entry point ${entityAnnotations[annotations.entryPoint]}`,
      `data mode ${dataMode}`,
    ],
  };
}
