import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fleetEntityReadPermission } from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';
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
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const principal = credentials.principal.userEntityRef;
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

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The user's own catalog view: products they cannot see are not listed.
    const { items } = await catalog.getEntities(
      { filter: { kind: 'System' } },
      { credentials },
    );
    const products = items.filter(
      e => e.metadata.annotations?.[annotations.clusters],
    );
    const decisions = await permissions.authorize(
      products.map(e => ({
        permission: fleetEntityReadPermission,
        resourceRef: stringifyEntityRef(e),
      })),
      { credentials },
    );
    const allowed = products.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
    const fleets = await Promise.all(
      allowed.map(async e => ({
        title: e.metadata.title ?? e.metadata.name,
        fleet: await fleet.forEntity(e),
      })),
    );
    res.json(toOverview(fleets, new Date()));
  });

  return router;
}
