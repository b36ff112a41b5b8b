import { cellDataOf } from './cellData';
import { worstCellStatus } from './cellStatus';
import { CellStatus, FleetCell, FleetRow, OverviewCell } from './model';

/**
 * A cluster's status from the health checks of its upstreams: the worst of
 * them, and a platform API that does not answer is critical, not unknown
 * (the cluster page and the home page both say it this way).
 */
export function clusterStatus(checks: FleetCell[]): CellStatus {
  return checks.some(check => check.error)
    ? 'critical'
    : worstCellStatus(checks.map(check => check.status));
}

/**
 * One product on one cluster in a line: the worst of its cells, the
 * revisions Argo CD deployed, and what needs attention. A cluster where no
 * source answered is unknown, not healthy.
 */
export function overviewCell(row: FleetRow): OverviewCell {
  const all = Object.values(row.cells);
  const errors = all.filter(cell => cell.error).length;
  const silent = errors === all.length && all.length > 0;
  const argocd = cellDataOf(row.cells.argocd, 'argocd');
  const revisions =
    argocd?.revisions ??
    (argocd?.applications ?? [])
      .map(application => application.revision)
      .filter((revision): revision is string => Boolean(revision));
  const problems = all.filter(
    cell => cell.status === 'critical' || cell.status === 'warning',
  ).length;
  // "All signals OK" only when every signal answered OK: a signal that did
  // not answer, or answered "unknown", is said, never counted as fine.
  const unknown = all.filter(
    cell => !cell.error && cell.status === 'unknown',
  ).length;
  const signals = (count: number) => `${count} signal${count > 1 ? 's' : ''}`;
  const said = [
    problems > 0 &&
      `${signals(problems)} need${problems > 1 ? '' : 's'} attention`,
    errors > 0 && `${signals(errors)} did not answer`,
    unknown > 0 && `${signals(unknown)} unknown`,
  ].filter(Boolean);
  let summary = said.length ? said.join('; ') : 'all signals OK';
  if (silent) summary = 'no answer from the cluster';
  // The traffic column, when the traffic family is installed.
  const traffic = cellDataOf(row.cells.traffic, 'traffic');
  const share = traffic?.share;
  const slo = row.cells.slo;
  return {
    status: silent ? 'unknown' : worstCellStatus(all.map(cell => cell.status)),
    revisions: [...new Set(revisions)].sort(),
    summary,
    // The SLO verdict on its own: burning (warning) or paging (critical).
    ...(slo && { slo: slo.error ? 'unknown' : slo.status }),
    ...(typeof share === 'number' && {
      share,
      drained: Boolean(traffic?.drain),
    }),
  };
}

/**
 * A product's line on a cluster as the cluster's health checks say now. A
 * product cell may be a cached answer from before its upstream stopped
 * answering; the health check of that upstream, just taken, is the newer
 * word: a check that failed takes the place of the cell of the same
 * source. When none of the cluster's checks answers, the line says so
 * ("no answer from the cluster") rather than show a dead cluster's
 * products as they were. The cluster page and the overview both use it.
 */
export function checkedOverviewCell(
  row: FleetRow,
  checks: Record<string, FleetCell> | undefined,
): OverviewCell {
  const failed = Object.entries(checks ?? {}).filter(
    ([id, check]) => check.error && id in row.cells,
  );
  if (failed.length === 0) return overviewCell(row);
  const line = overviewCell({
    ...row,
    cells: { ...row.cells, ...Object.fromEntries(failed) },
  });
  const all = Object.values(checks!);
  return all.every(check => check.error)
    ? { ...line, status: 'unknown', summary: 'no answer from the cluster' }
    : line;
}
