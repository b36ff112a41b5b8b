import {
  ArgoCdProbeData,
  CellStatus,
  cellDataOf,
  EntityFleet,
  FleetCell,
  FleetClusterSummary,
  FleetRow,
  FleetOverview,
  OverviewCell,
  OverviewCluster,
  OverviewProduct,
  PolicySet,
  worstCellStatus,
} from '@internal/plugin-fleet-common';

/**
 * Products × clusters from each product's fleet view: the worst cell per
 * cluster, the revisions Argo CD deployed there, and version drift — the
 * same product on different revisions in different clusters. A cluster that
 * did not answer has no revisions and is not counted as drift. Each
 * cluster also carries the policy set it runs (from its health checks), and
 * clusters on different policy-set revisions are flagged the same way.
 */
export function toOverview(
  fleets: Array<{ title: string; fleet: EntityFleet }>,
  now: Date,
  health: Record<string, Record<string, FleetCell>> = {},
): FleetOverview {
  const clusters = new Map<string, FleetClusterSummary>();
  const products: OverviewProduct[] = fleets.map(({ title, fleet }) => {
    const cells: Record<string, OverviewCell> = {};
    for (const row of fleet.rows) {
      clusters.set(row.cluster.name, row.cluster);
      cells[row.cluster.name] = overviewCell(row);
    }
    const sets = Object.entries(cells)
      .filter(([, cell]) => cell.revisions.length > 0)
      .map(([cluster, cell]) => ({ cluster, key: cell.revisions.join(',') }));
    const distinct = [...new Set(sets.map(set => set.key))];
    const drift = distinct.length > 1;
    return {
      entityRef: fleet.entityRef,
      title,
      cells,
      drift,
      ...(drift && {
        driftReason: sets.map(set => `${set.cluster}: ${set.key}`).join('; '),
      }),
    };
  });
  const withPolicies: OverviewCluster[] = [...clusters.values()].map(
    cluster => {
      const checks = health[cluster.name];
      const policySet = policySetOf(checks);
      return {
        ...cluster,
        ...(checks && { status: clusterStatus(Object.values(checks)) }),
        ...(policySet && { policySet }),
      };
    },
  );
  const deployed = withPolicies
    .filter(cluster => cluster.policySet?.revision)
    .map(cluster => ({
      cluster: cluster.name,
      revision: cluster.policySet!.revision!.slice(0, 7),
    }));
  const policyDrift = new Set(deployed.map(at => at.revision)).size > 1;
  return {
    clusters: withPolicies,
    products,
    policyDrift,
    ...(policyDrift && {
      policyDriftReason: deployed
        .map(at => `${at.cluster}: ${at.revision}`)
        .join('; '),
    }),
    generatedAt: now.toISOString(),
  };
}

/**
 * The policy set from a cluster's Argo CD health check, or why it is not
 * known (Argo CD did not answer); nothing when no check reads it.
 */
function policySetOf(
  checks: Record<string, FleetCell> | undefined,
): PolicySet | undefined {
  const argocd = checks?.argocd;
  if (!argocd) return undefined;
  if (argocd.error) return { error: `Argo CD: ${argocd.summary}` };
  return (argocd.data as ArgoCdProbeData | undefined)?.policySet;
}

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
