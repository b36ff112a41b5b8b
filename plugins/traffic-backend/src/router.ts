import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ActionRequest,
  trafficShiftPermission,
} from '@internal/plugin-traffic-common';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { ArgoSyncService } from './services/ArgoSyncService';
import { TrafficService } from './services/TrafficService';

/**
 * The traffic API, from its OpenAPI spec (which rejects malformed input with
 * 400 before a handler runs). Reads are open to signed-in users (and to the
 * fleet backend, service to service); applying a change needs
 * `traffic.entrypoint.shift` on the product, checked with the user's own
 * credentials, and is audited whatever its outcome.
 */
export async function createRouter(options: {
  traffic: TrafficService;
  argoSync: ArgoSyncService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
}) {
  const { traffic, argoSync, httpAuth, permissions, catalog, auditor } =
    options;
  const router = await createOpenApiRouter();

  async function entityOf(
    req: { params: { kind: string; namespace: string; name: string } },
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entityRef = stringifyEntityRef(req.params);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return entity;
  }

  async function mayShift(entity: Entity, credentials: BackstageCredentials) {
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await permissions.authorize(
      [{ permission: trafficShiftPermission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW
      ? { allowed: true }
      : {
          allowed: false,
          reason: `only members of ${String(
            entity.spec?.owner ?? 'the owner group',
          )}, the on-call group and platform admins may shift the traffic of ${entityRef}`,
        };
  }

  /**
   * The guard rails both kill switches share: the permission, checked with
   * the user's credentials, and an audit event (created failed when denied).
   */
  async function guard(
    req: Parameters<typeof httpAuth.credentials>[0],
    entity: Entity,
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    eventId: string,
    denialMeta: Record<string, unknown>,
  ) {
    const audit = (meta: Record<string, unknown>) =>
      auditor.createEvent({
        eventId,
        severityLevel: 'high',
        request: req,
        meta: { entityRef: stringifyEntityRef(entity), ...meta },
      });
    const permission = await mayShift(entity, credentials);
    if (!permission.allowed) {
      const denied = new NotAllowedError(permission.reason);
      await (await audit(denialMeta)).fail({ error: denied });
      throw denied;
    }
    return audit;
  }

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await entityOf(req, credentials);
    // The fleet backend reads this too (service to service): it shifts nothing.
    const permission =
      'userEntityRef' in credentials.principal
        ? await mayShift(entity, credentials)
        : { allowed: false, reason: 'not a signed-in user' };
    res.json(await traffic.view(entity, permission));
  });

  router.post('/entities/:kind/:namespace/:name/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    res.json(await traffic.preview(entity, req.body as ActionRequest));
  });

  router.post('/entities/:kind/:namespace/:name/actions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    const { expectedVersion, ...request } = req.body as ActionRequest & {
      expectedVersion?: string;
    };
    const audit = await guard(req, entity, credentials, 'entry-point-change', {
      action: request,
    });
    res.json(
      await traffic.apply(entity, request as ActionRequest, {
        actor: credentials.principal.userEntityRef,
        idempotencyKey: req.header('idempotency-key'),
        expectedVersion,
        audit,
      }),
    );
  });

  // Apart from the view: the fleet's traffic column reads the view on every
  // refresh and has no use for three Argo CD list calls.
  router.get('/entities/:kind/:namespace/:name/sync', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await argoSync.state(await entityOf(req, credentials)));
  });

  router.post('/entities/:kind/:namespace/:name/sync', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    const body = req.body as {
      cluster: string;
      paused: boolean;
      reason: string;
    };
    const audit = await guard(req, entity, credentials, 'argocd-auto-sync', {
      ...body,
    });
    res.json(
      await argoSync.toggle(entity, body, {
        actor: credentials.principal.userEntityRef,
        idempotencyKey: req.header('idempotency-key'),
        audit,
      }),
    );
  });

  return router;
}
