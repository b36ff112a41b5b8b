import { Entity } from '@backstage/catalog-model';
import {
  cellDataOf,
  FailoverReadiness,
  FleetRow,
} from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';

/** The sources that say whether a cluster serves the product now. */
const SERVING = ['argocd', 'workloads', 'slo', 'traffic'] as const;

/**
 * What is wrong on one cluster right now, in the words the Fleet tab uses:
 * it takes no traffic (drained), a source is critical, the SLO burns, or a
 * source did not answer. While any of these holds, losing another cloud is
 * not what the product was built to survive, so readiness is not green.
 */
function liveProblems(row: FleetRow): string[] {
  const name = row.cluster.name;
  const problems: string[] = [];
  const traffic = cellDataOf(row.cells.traffic, 'traffic');
  if (traffic && traffic.weight === 0) {
    problems.push(
      `${name} takes no traffic (drained${
        traffic.drain
          ? ` by ${traffic.drain.actor}: ${traffic.drain.reason}`
          : ''
      })`,
    );
  }
  // One line per distinct error: a cluster that is down says the same of
  // every source ("connection refused"), and once is enough.
  const silentBy = new Map<string, string[]>();
  for (const source of SERVING) {
    const message = row.cells[source]?.error?.message;
    if (message)
      silentBy.set(message, [...(silentBy.get(message) ?? []), source]);
  }
  for (const [message, sources] of silentBy) {
    problems.push(`${name} did not answer (${sources.join(', ')}): ${message}`);
  }
  for (const source of SERVING) {
    const cell = row.cells[source];
    if (!cell || cell.error) continue;
    if (source === 'slo' && cell.status === 'warning') {
      problems.push(`${name} burns its error budget: ${cell.summary}`);
    } else if (cell.status === 'critical') {
      problems.push(`${name}: ${source} critical (${cell.summary})`);
    }
  }
  return problems;
}

/**
 * Would the product survive losing any one cloud, now? Every check that
 * fails is a reason; checks that cannot be made make the verdict "unknown",
 * never "ready":
 *
 * - it runs on at least two clusters;
 * - it declares a global entry point (its per-cluster targets are the
 *   traffic family's to check);
 * - every cluster's loss could be absorbed by the clusters that answer
 *   (N-1 headroom, `row.headroom`: a cluster that is down is judged from
 *   its last known load, with its age);
 * - its data is not a single-region primary — the "fake active-active"
 *   that fails over its traffic but not its writes;
 * - nothing is wrong on a cluster right now (liveProblems): a drained,
 *   critical, burning or silent cluster is a cloud already (partly) lost.
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
  for (const row of rows) problems.push(...liveProblems(row));
  // While a cluster is silent, how each loss was judged, enough or not.
  const judged: string[] = [];
  const anySilent = rows.some(row => row.cells.workloads?.error);
  for (const row of rows) {
    const headroom =
      row.headroom ?? cellDataOf(row.cells.workloads, 'workloads')?.headroom;
    if (headroom?.enough && anySilent) {
      judged.push(`losing ${row.cluster.name}: ${headroom.reason}`);
    } else if (!headroom || headroom.enough === null) {
      unknowns.push(
        `N-1 headroom for ${row.cluster.name} unknown${
          headroom ? `: ${headroom.reason}` : ''
        }`,
      );
    } else if (!headroom.enough) {
      problems.push(`losing ${row.cluster.name}: ${headroom.reason}`);
    }
  }
  if (problems.length > 0) {
    return {
      verdict: 'not-ready',
      reasons: [...problems, ...unknowns, ...judged],
    };
  }
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
