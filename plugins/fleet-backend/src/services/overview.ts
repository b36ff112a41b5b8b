import {
  ArgoCdProbeData,
  checkedOverviewCell,
  clusterStatus,
  EntityFleet,
  FleetCell,
  FleetClusterSummary,
  FleetOverview,
  FleetRow,
  OverviewCell,
  OverviewCluster,
  OverviewProduct,
  overviewCell,
  PolicySet,
} from '@internal/plugin-fleet-common';

/** One product's line on the overview, with the clusters it names. */
export interface ProductLine {
  product: OverviewProduct;
  clusters: FleetClusterSummary[];
  /** The rows it was made from: a cluster whose checks fail now is re-judged. */
  rows: FleetRow[];
}

/**
 * A product's line from its fleet view: the worst cell per cluster, the
 * revisions Argo CD deployed there, and version drift — the same product on
 * different revisions in different clusters. A cluster that did not answer
 * has no revisions and is not counted as drift. Worked out once per
 * assembly of the product's fleet and shared by every overview that shows
 * it (FleetReads).
 */
export function productLine(
  title: string,
  owner: string | undefined,
  fleet: EntityFleet,
): ProductLine {
  const cells: Record<string, OverviewCell> = {};
  for (const row of fleet.rows) cells[row.cluster.name] = overviewCell(row);
  const sets = Object.entries(cells)
    .filter(([, cell]) => cell.revisions.length > 0)
    .map(([cluster, cell]) => ({ cluster, key: cell.revisions.join(',') }));
  const drift = new Set(sets.map(set => set.key)).size > 1;
  return {
    product: {
      entityRef: fleet.entityRef,
      title,
      ...(owner && { owner }),
      cells,
      drift,
      ...(drift && {
        driftReason: sets.map(set => `${set.cluster}: ${set.key}`).join('; '),
      }),
    },
    clusters: fleet.rows.map(row => row.cluster),
    rows: fleet.rows,
  };
}

/**
 * Products × clusters from each product's line. Each cluster also carries
 * the policy set it runs (from its health checks), and clusters on
 * different policy-set revisions are flagged as drift.
 */
export function toOverview(
  lines: ProductLine[],
  now: Date,
  health: Record<string, Record<string, FleetCell>> = {},
): FleetOverview {
  const clusters = new Map<string, FleetClusterSummary>();
  for (const line of lines) {
    for (const cluster of line.clusters) clusters.set(cluster.name, cluster);
  }
  // Clusters whose health checks fail now: their cells are judged again
  // against those checks (checkedOverviewCell), as on the cluster page.
  const failing = Object.entries(health)
    .filter(([, checks]) => Object.values(checks).some(check => check.error))
    .map(([name]) => name);
  const products: OverviewProduct[] = lines.map(line => {
    const rechecked = line.rows.filter(row =>
      failing.includes(row.cluster.name),
    );
    if (rechecked.length === 0) return line.product;
    const cells = { ...line.product.cells };
    for (const row of rechecked) {
      cells[row.cluster.name] = checkedOverviewCell(
        row,
        health[row.cluster.name],
      );
    }
    return { ...line.product, cells };
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
