import {
  ArgoCdProbeData,
  clusterStatus,
  EntityFleet,
  FleetCell,
  FleetClusterSummary,
  FleetOverview,
  OverviewCell,
  OverviewCluster,
  OverviewProduct,
  overviewCell,
  PolicySet,
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
  fleets: Array<{ title: string; owner?: string; fleet: EntityFleet }>,
  now: Date,
  health: Record<string, Record<string, FleetCell>> = {},
): FleetOverview {
  const clusters = new Map<string, FleetClusterSummary>();
  const products: OverviewProduct[] = fleets.map(({ title, owner, fleet }) => {
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
      ...(owner && { owner }),
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
