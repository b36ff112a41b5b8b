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
  FleetChange,
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
import { ProductLine, productLine, toOverview } from './overview';
import { groupRef, OverviewQuery, queryOverview } from './overviewQuery';

/**
 * The fleet's reads as the caller may see them, with the caller's own
 * credentials: the catalog read (they must see the entity) and
 * `fleet.entity.read`. One place for the HTTP API and the actions agents
 * call (MCP), so an agent sees exactly what its user sees.
 *
 * People's pages share one assembly of each product's fleet (its cells from
 * the cache, its headroom and readiness, its overview line): at 300
 * products, every viewer assembling every product was what made the
 * overview slow. An assembly serves until a cell of it changes in this
 * process (`changed`, from the same event that signals open pages) and at
 * most `shareMs`. What each viewer may see is still checked per request
 * (remembered `accessTtlMs`, as for the entity read). Service callers (the
 * traffic backend's safety checks) assemble their own, so a verdict about
 * a failover is taken from the cells as they are at that moment.
 */
/** A product the caller may read the fleet of, as the catalog gave it. */
interface ReadableProduct {
  title: string;
  entity: Entity;
  entityRef: string;
  owner?: string;
}

/** How long after a product's first changed cell it is assembled again. */
const REASSEMBLE_AFTER_MS = 50;

export class FleetReads {
  private readonly access: AccessMemo<{ entity?: Entity; allowed: boolean }>;
  private readonly readable: AccessMemo<ReadableProduct[]>;
  private readonly assemblies: RecentReads<EntityFleet>;
  private readonly lines = new WeakMap<EntityFleet, ProductLine>();
  /** Products people have looked at, as last read from the catalog. */
  private readonly viewed = new Map<string, Entity>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly healthOfAll: RecentReads<
    Record<string, Record<string, FleetCell>>
  >;

  constructor(
    private readonly options: {
      fleet: FleetService;
      permissions: PermissionsService;
      catalog: CatalogService;
      /** How long a caller's entity read and permission decision are reused. */
      accessTtlMs?: number;
      /**
       * How long one assembly of a product's fleet serves when no change to
       * it is heard (`changed`). Default 1 s; the plugin sets the cells'
       * freshness, since it tells of every change, this replica's and the
       * others' (services/changes.ts).
       */
      shareMs?: number;
    },
  ) {
    const accessTtlMs = options.accessTtlMs ?? 5000;
    this.access = new AccessMemo(accessTtlMs);
    this.readable = new AccessMemo(accessTtlMs);
    const ttlMs = options.shareMs ?? 1000;
    this.assemblies = new RecentReads({ ttlMs, timeoutMs: 30_000 });
    // Cluster health checks are not announced per change: one second.
    this.healthOfAll = new RecentReads({ ttlMs: 1000, timeoutMs: 30_000 });
  }

  /**
   * A cell changed in this process (read differently from before): the
   * product is assembled again now, in the background, so the page that the
   * same change's signal makes load again finds it ready (or joins it)
   * instead of waiting on it. Changes to one product's cells come together
   * (a round reads them at once): one assembly after the last of them.
   */
  changed(change: FleetChange) {
    const { entityRef } = change;
    if (!entityRef) return;
    this.assemblies.forget(entityRef);
    const entity = this.viewed.get(entityRef);
    if (!entity || this.pending.has(entityRef)) return;
    this.pending.set(
      entityRef,
      setTimeout(() => {
        this.pending.delete(entityRef);
        this.assembled(entity).catch(() => undefined);
      }, REASSEMBLE_AFTER_MS),
    );
  }

  /** The shared assembly of a product's fleet (see the class comment). */
  private assembled(
    entity: Entity,
    entityRef = stringifyEntityRef(entity),
  ): Promise<EntityFleet> {
    this.viewed.set(entityRef, entity);
    return this.assemblies.get(entityRef, () =>
      this.options.fleet.forEntity(entity),
    );
  }

  /** A product's overview line, worked out once per assembly. */
  private async lineOf(product: ReadableProduct): Promise<ProductLine> {
    const { title, owner } = product;
    const fleet = await this.assembled(product.entity, product.entityRef);
    const kept = this.lines.get(fleet);
    if (kept && kept.product.title === title && kept.product.owner === owner) {
      return kept;
    }
    const line = productLine(title, owner, fleet);
    this.lines.set(fleet, line);
    return line;
  }

  /** The fleet view of an entity (one row per cluster, one cell per source). */
  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityFleet> {
    const { catalog, permissions, fleet } = this.options;
    const principal = principalOf(credentials);
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
    return principal.startsWith('service:')
      ? fleet.forEntity(entity)
      : this.assembled(entity);
  }

  /**
   * Products (Systems with `trinity.io/clusters`) in the caller's own
   * catalog view that they may read the fleet of, optionally only those on
   * a cluster.
   */
  private readableProducts(
    credentials: BackstageCredentials,
    onCluster?: string,
  ): Promise<ReadableProduct[]> {
    return this.readable.get(
      `${principalOf(credentials)}|${onCluster ?? ''}`,
      () => this.readProducts(credentials, onCluster),
    );
  }

  private async readProducts(
    credentials: BackstageCredentials,
    onCluster?: string,
  ): Promise<ReadableProduct[]> {
    const { catalog, permissions } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'System' } },
      { credentials },
    );
    const products = items.filter(entity => {
      const on = clustersOf(entity.metadata.annotations);
      return on.length > 0 && (!onCluster || on.includes(onCluster));
    });
    const refs = products.map(product => stringifyEntityRef(product));
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({
        permission: fleetEntityReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return products
      .map((product, index) => ({
        title: product.metadata.title ?? product.metadata.name,
        entity: product,
        entityRef: refs[index],
        owner: ownerRef(product),
      }))
      .filter((_, index) => decisions[index].result === AuthorizeResult.ALLOW);
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
    const [lines, health] = await Promise.all([
      Promise.all(products.map(product => this.lineOf(product))),
      this.healthOfAll.get('all', () => fleet.healthOfAll()),
    ]);
    return queryOverview(toOverview(lines, new Date(), health), query);
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

/** Who is asking: a user's entity ref, or `service:<subject>`. */
function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? `service:${principal.subject}`;
}

/** The owning group as a full ref ("team-shop" → "group:default/team-shop"). */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  return groupRef(owner, entity.metadata.namespace ?? 'default');
}
