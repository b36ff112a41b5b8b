import {
  cellDataOf,
  FleetCell,
  FleetRow,
  Headroom,
  WorkloadsCellData,
} from '@internal/plugin-fleet-common';

const totalsOf = (cell?: FleetCell) => cellDataOf(cell, 'workloads')?.totals;

/** A cluster's workload totals at its last answer, for one that does not answer now. */
export type LastLoad = { totals: WorkloadsCellData['totals']; at: string };

/** "40 s", "12 min", "3 h": how old a reading is. */
export function ageOf(at: string, now: Date): string {
  const seconds = Math.max(
    0,
    Math.round((now.getTime() - Date.parse(at)) / 1000),
  );
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/**
 * N-1 headroom: for each cluster, could the clusters that answer absorb its
 * replicas within their HPA maximums if it were lost? Set on every row
 * (`row.headroom`) and, for a cluster that answered, on its workloads cell
 * too (data.headroom and the summary; a loss that could not be absorbed
 * makes the cell at least a warning).
 *
 * The load is the workloads cell's `hpaCurrent`: the autoscaler's current
 * replicas, else the desired ones, of each service's Argo Rollouts
 * `Rollout` when one references its Deployment (Argo Rollouts scales that
 * Deployment to 0), else of the Deployment: the same numbers the cell shows.
 *
 * Judged from what is known now, never "unknown" for everyone at the moment
 * a cluster goes down: a cluster that does not answer adds no room (it may
 * well be the one that is down), and its own load is its last answer's,
 * with that answer's time (`lastLoad`). Only a cluster never seen answering
 * has a load that cannot be judged.
 */
export function withHeadroom(
  rows: FleetRow[],
  lastLoad: Record<string, LastLoad> = {},
  now: Date = new Date(),
): FleetRow[] {
  return rows.map(row => {
    const cell = row.cells.workloads;
    if (!cell) return row;
    const name = row.cluster.name;
    const own = totalsOf(cell);
    const last = own ? undefined : lastLoad[name];
    const needed = own?.hpaCurrent ?? last?.totals.hpaCurrent;
    const others = rows.filter(other => other !== row);
    const silent = others
      .filter(other => !totalsOf(other.cells.workloads))
      .map(other => other.cluster.name);
    const spare = others.reduce((sum, other) => {
      const totals = totalsOf(other.cells.workloads);
      return (
        sum + (totals ? Math.max(0, totals.hpaMax - totals.hpaCurrent) : 0)
      );
    }, 0);
    const notCounting = silent.length
      ? ` (not counting ${silent.join(', ')}, which did not answer)`
      : '';
    const asOf = last
      ? `; ${name} did not answer: ${needed} replicas at its last answer, ${ageOf(
          last.at,
          now,
        )} ago`
      : '';
    let headroom: Headroom;
    if (others.length === 0) {
      headroom = {
        needed: needed ?? 0,
        spare: 0,
        enough: false,
        reason: 'no other cluster to take over',
      };
    } else if (needed === undefined) {
      headroom = {
        needed: 0,
        spare,
        enough: null,
        reason: `cannot tell: ${name} did not answer, and no earlier answer of its workloads is known`,
      };
    } else {
      const enough = spare >= needed;
      headroom = {
        needed,
        spare,
        enough,
        reason: `${
          enough
            ? `the others can add ${spare} replicas${notCounting}; losing this cluster needs ${needed}`
            : `the others can add only ${spare} of the ${needed} replicas this cluster runs${notCounting}`
        }${asOf}`,
        ...(last && { lastAnsweredAt: last.at }),
      };
    }
    const data = cellDataOf(cell, 'workloads');
    if (!own || !data) return { ...row, headroom };
    let note = `N-1 short by ${headroom.needed - (headroom.spare ?? 0)}`;
    if (headroom.enough === null) note = 'N-1 unknown';
    if (headroom.enough) note = 'N-1 ok';
    const status =
      headroom.enough === false && cell.status === 'ok'
        ? 'warning'
        : cell.status;
    return {
      ...row,
      headroom,
      cells: {
        ...row.cells,
        workloads: {
          ...cell,
          status,
          summary: `${cell.summary} · ${note}`,
          data: { ...data, headroom } satisfies WorkloadsCellData,
        },
      },
    };
  });
}
