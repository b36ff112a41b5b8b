import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fleetEntityReadPermission } from '@internal/plugin-fleet-common';
import {
  CLUSTER_RESOURCE_TYPE,
  clustersOf,
} from '@internal/plugin-platform-common';
import { toOverview } from './services/overview';
import { AccessMemo } from './services/AccessMemo';
import { Entity } from '@backstage/catalog-model';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { FleetService } from './services/FleetService';

/**
 * The fleet API, from its OpenAPI spec: the spec rejects malformed paths
 * before a handler runs. Every check uses the signed-in user's credentials:
 * the catalog read (they must see the entity) and `fleet.entity.read`.
 */
export async function createRouter(options: {
  fleet: FleetService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** How long a user's entity read and permission decision are reused. */
  accessTtlMs?: number;
}) {
  const { fleet, httpAuth, permissions, catalog } = options;
  const router = await createOpenApiRouter();
  const access = new AccessMemo<{ entity?: Entity; allowed: boolean }>(
    options.accessTtlMs ?? 5000,
  );

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    // Users, and other plugins service to service (the traffic backend's
    // safety checks read the fleet view of a product).
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const principal =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service:${credentials.principal.subject}`;
    const { entity, allowed } = await access.get(
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
    res.json(await fleet.forEntity(entity));
  });

  /**
   * Products (Systems with `trinity.io/clusters`) in the user's own catalog
   * view that they may read the fleet of, optionally only those on a cluster.
   */
  async function readableProducts(
    credentials: BackstageCredentials,
    onCluster?: string,
  ) {
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

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const products = await readableProducts(credentials);
    const [fleets, health] = await Promise.all([
      Promise.all(
        products.map(async ({ title, entity }) => ({
          title,
          fleet: await fleet.forEntity(entity),
        })),
      ),
      fleet.healthOfAll(),
    ]);
    res.json(toOverview(fleets, new Date(), health));
  });

  router.get('/clusters/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef({
      kind: 'Resource',
      namespace: 'default',
      name: req.params.name,
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || entity.spec?.type !== CLUSTER_RESOURCE_TYPE) {
      throw new NotFoundError(
        `No cluster ${req.params.name} in the cluster registry`,
      );
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
    res.json(
      await fleet.forCluster(
        entity,
        await readableProducts(credentials, entity.metadata.name),
      ),
    );
  });

  return router;
}
