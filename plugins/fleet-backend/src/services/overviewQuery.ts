import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import {
  CellStatus,
  FleetOverview,
  OverviewProduct,
  worstCellStatus,
} from '@internal/plugin-fleet-common';

/** What the overview's reader asks for (GET /overview's query). */
export interface OverviewQuery {
  team?: string;
  status?: CellStatus;
  provider?: string;
  ring?: string;
  problems?: boolean;
  offset?: number;
  limit?: number;
}

/** Problems first: the order a person on call reads the fleet in. */
const urgency: Record<CellStatus, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  ok: 3,
};

/**
 * A group as a full ref ("team-shop" → "group:default/team-shop"): a team
 * named in a query, and a product's owner as the catalog spells it.
 */
export function groupRef(team: string, defaultNamespace = 'default'): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(team, { defaultKind: 'group', defaultNamespace }),
    );
  } catch {
    return team;
  }
}

/**
 * The overview as one reader asked for it, on the server, so a page of a
 * 300-product fleet carries 50 rows: only the clusters of a provider or
 * ring (and the products on them), only a team's products, only a status or
 * only problems; problems first, then by title; one page of them. The
 * summary counts every matching product, and the facets say what the
 * filters can take over everything the reader may see.
 */
export function queryOverview(
  overview: FleetOverview,
  query: OverviewQuery,
): FleetOverview {
  const facets = {
    teams: [
      ...new Set(
        overview.products
          .map(product => product.owner)
          .filter((owner): owner is string => Boolean(owner)),
      ),
    ].sort(),
    providers: [
      ...new Set(overview.clusters.map(cluster => cluster.provider)),
    ].sort(),
    rings: [
      ...new Set(overview.clusters.map(cluster => cluster.upgradeRing)),
    ].sort(),
  };
  const clusters = overview.clusters.filter(
    cluster =>
      (!query.provider || cluster.provider === query.provider) &&
      (!query.ring || cluster.upgradeRing === query.ring),
  );
  const shown = new Set(clusters.map(cluster => cluster.name));
  const team = query.team && groupRef(query.team);
  // The worst cell of each product on the shown clusters, worked out once
  // (the filters, the order and the counts all read it).
  const worst = new Map<OverviewProduct, CellStatus>();
  const worstOf = (product: OverviewProduct) => worst.get(product)!;
  const needsAttention = (product: OverviewProduct) =>
    worstOf(product) !== 'ok' || product.drift;
  const everyCluster = clusters.length === overview.clusters.length;
  const matching = overview.products
    .map(product => {
      // Only a provider or ring filter leaves cells out.
      const shownProduct = everyCluster
        ? product
        : {
            ...product,
            cells: Object.fromEntries(
              Object.entries(product.cells).filter(([name]) => shown.has(name)),
            ),
          };
      worst.set(
        shownProduct,
        worstCellStatus(
          Object.values(shownProduct.cells).map(cell => cell.status),
        ),
      );
      return shownProduct;
    })
    .filter(
      product =>
        Object.keys(product.cells).length > 0 &&
        (!team || (product.owner && groupRef(product.owner) === team)) &&
        (!query.status || worstOf(product) === query.status) &&
        (!query.problems || needsAttention(product)),
    )
    .sort(
      (left, right) =>
        urgency[worstOf(left)] - urgency[worstOf(right)] ||
        Number(right.drift) - Number(left.drift) ||
        left.title.localeCompare(right.title),
    );
  const count = (test: (product: OverviewProduct) => boolean) =>
    matching.filter(test).length;
  const sloOf = (product: OverviewProduct) =>
    Object.values(product.cells).map(cell => cell.slo);
  const summary = {
    products: matching.length,
    critical: count(product => worstOf(product) === 'critical'),
    warning: count(product => worstOf(product) === 'warning'),
    unknown: count(product => worstOf(product) === 'unknown'),
    drift: count(product => product.drift),
    paging: count(product => sloOf(product).includes('critical')),
    burning: count(
      product =>
        !sloOf(product).includes('critical') &&
        sloOf(product).includes('warning'),
    ),
  };
  const offset = query.offset ?? 0;
  const limit = query.limit ?? Math.max(matching.length, 1);
  return {
    ...overview,
    clusters,
    products: matching.slice(offset, offset + limit),
    summary,
    page: { total: matching.length, offset, limit },
    facets,
  };
}
