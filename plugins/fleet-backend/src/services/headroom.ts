import {
  cellDataOf,
  FleetCell,
  FleetRow,
  WorkloadsCellData,
  WorkloadsHeadroom,
} from '@internal/plugin-fleet-common';

const totalsOf = (cell?: FleetCell) => cellDataOf(cell, 'workloads')?.totals;

/**
 * N-1 headroom: for each cluster, could the other clusters absorb its
 * replicas within their HPA maximums if it were lost? Added to each
 * workloads cell (data.headroom and the summary); a cluster whose loss could
 * not be absorbed makes its cell at least a warning. When another cluster did
 * not answer, the answer is "cannot tell", never a guess.
 */
export function withHeadroom(rows: FleetRow[]): FleetRow[] {
  return rows.map(row => {
    const cell = row.cells.workloads;
    const data = cellDataOf(cell, 'workloads');
    const own = data?.totals;
    if (!cell || !data || !own) return row;
    const others = rows.filter(other => other !== row);
    const silent = others.filter(other => !totalsOf(other.cells.workloads));
    let headroom: WorkloadsHeadroom;
    if (others.length === 0) {
      headroom = {
        needed: own.hpaCurrent,
        spare: 0,
        enough: false,
        reason: 'no other cluster to take over',
      };
    } else if (silent.length > 0) {
      headroom = {
        needed: own.hpaCurrent,
        spare: null,
        enough: null,
        reason: `cannot tell: no workload data from ${silent
          .map(other => other.cluster.name)
          .join(', ')}`,
      };
    } else {
      const spare = others.reduce((sum, other) => {
        const totals = totalsOf(other.cells.workloads)!;
        return sum + Math.max(0, totals.hpaMax - totals.hpaCurrent);
      }, 0);
      const enough = spare >= own.hpaCurrent;
      headroom = {
        needed: own.hpaCurrent,
        spare,
        enough,
        reason: enough
          ? `the others can add ${spare} replicas; losing this cluster needs ${own.hpaCurrent}`
          : `the others can add only ${spare} of the ${own.hpaCurrent} replicas this cluster runs`,
      };
    }
    let note = `N-1 short by ${headroom.needed - (headroom.spare ?? 0)}`;
    if (headroom.enough === null) note = 'N-1 unknown';
    if (headroom.enough) note = 'N-1 ok';
    const status =
      headroom.enough === false && cell.status === 'ok'
        ? 'warning'
        : cell.status;
    return {
      ...row,
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
