import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClusterFleet,
  EntityFleet,
  FleetCell,
  FleetOverview,
  fleetEntityReadPermission,
} from '@internal/plugin-fleet-common';
import {
  CLUSTER_RESOURCE_TYPE,
  clustersOf,
} from '@internal/plugin-platform-common';
import { RecentReads } from '@internal/plugin-platform-node';
import { AccessMemo } from './AccessMemo';
import { FleetService } from './FleetService';
import { toOverview } from './overview';
import { groupRef, OverviewQuery, queryOverview } from './overviewQuery';

/**
 * The fleet's reads as the caller may see them, with the caller's own
 * credentials: the catalog read (they must see the entity) and
 * `fleet.entity.read`. One place for the HTTP API and the actions agents
 * call (MCP), so an agent sees exactly what its user sees.
 */
/**
 * How long one assembly of a product's fleet (its cells from the cache)
 * serves every overview that asks: at 300 products, twenty viewers each
 * assembling every product's cells was what made the overview slow. The
 * cells themselves are as fresh as the cache keeps them; what each viewer
 * may see is still checked per request.
 */
const OVERVIEW_SHARE_MS = 1000;

export class FleetReads {
  private readonly access: AccessMemo<{ entity?: Entity; allowed: boolean }>;
  private readonly productFleets = new RecentReads<EntityFleet>({
    ttlMs: OVERVIEW_SHARE_MS,
    timeoutMs: 30_000,
  });
  private readonly healthOfAll = new RecentReads<
    Record<string, Record<string, FleetCell>>
  >({ ttlMs: OVERVIEW_SHARE_MS, timeoutMs: 30_000 });

  constructor(
    private readonly options: {
      fleet: FleetService;
      permissions: PermissionsService;
      catalog: CatalogService;
      /** How long a caller's entity read and permission decision are reused. */
      accessTtlMs?: number;
    },
  ) {
    this.access = new AccessMemo(options.accessTtlMs ?? 5000);
  }

  /** The fleet view of an entity (one row per cluster, one cell per source). */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityFleet> {
    const { catalog, permissions, fleet } = this.options;
    const principal =
      'userEntityRef' in (credentials.principal as object)
        ? (credentials.principal as { userEntityRef: string }).userEntityRef
        : `service:${(credentials.principal as { subject?: string }).subject}`;
    const { entity, allowed } = await this.access.get(
      `${principal}|${entityRef}`,
      async () => {
        const found = await catalog.getEntityByRef(entityRef, { credentials });
        if (!found) return { allowed: false };
        const [decision] = await permissions.authorize(
          [{ permission: fleetEntityReadPermission, resourceRef: entityRef }],
          { credentials },
        );
        return {
          entity: found,
          allowed: decision.result === AuthorizeResult.ALLOW,
        };
      },
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    if (!allowed) {
      throw new NotAllowedError(
        `You may not read the fleet view of ${entityRef}`,
      );
    }
    return fleet.forEntity(entity);
  }

  /**
   * Products (Systems with `trinity.io/clusters`) in the caller's own
   * catalog view that they may read the fleet of, optionally only those on
   * a cluster.
   */
  private async readableProducts(
    credentials: BackstageCredentials,
    onCluster?: string,
  ) {
    const { catalog, permissions } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'System' } },
      { credentials },
    );
    const products = items.filter(entity => {
      const on = clustersOf(entity.metadata.annotations);
      return on.length > 0 && (!onCluster || on.includes(onCluster));
    });
    const decisions = await permissions.authorize(
      products.map(product => ({
        permission: fleetEntityReadPermission,
        resourceRef: stringifyEntityRef(product),
      })),
      { credentials },
    );
    return products
      .filter((_, index) => decisions[index].result === AuthorizeResult.ALLOW)
      .map(product => ({
        title: product.metadata.title ?? product.metadata.name,
        entity: product,
      }));
  }

  /**
   * Every product the caller may see, by cluster; filtered, ordered and
   * paged as `query` asks (queryOverview).
   */
  async overview(
    credentials: BackstageCredentials,
    query: OverviewQuery = {},
  ): Promise<FleetOverview> {
    const { fleet } = this.options;
    const products = await this.readableProducts(credentials);
    const [fleets, health] = await Promise.all([
      Promise.all(
        products.map(async ({ title, entity }) => ({
          title,
          owner: ownerRef(entity),
          fleet: await this.productFleets.get(stringifyEntityRef(entity), () =>
            fleet.forEntity(entity),
          ),
        })),
      ),
      this.healthOfAll.get('all', () => fleet.healthOfAll()),
    ]);
    return queryOverview(toOverview(fleets, new Date(), health), query);
  }

  /** A registered cluster: its health checks and the caller's products on it. */
  async cluster(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<ClusterFleet> {
    const { catalog, permissions, fleet } = this.options;
    const entityRef = stringifyEntityRef({
      kind: 'Resource',
      namespace: 'default',
      name,
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || entity.spec?.type !== CLUSTER_RESOURCE_TYPE) {
      throw new NotFoundError(`No cluster ${name} in the cluster registry`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: fleetEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not read the fleet view of ${entityRef}`,
      );
    }
    return fleet.forCluster(
      entity,
      await this.readableProducts(credentials, entity.metadata.name),
    );
  }
}

/** The owning group as a full ref ("team-shop" → "group:default/team-shop"). */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return groupRef(owner, entity.metadata.namespace ?? 'default');
}
