import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { JsonObject } from '@backstage/types';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  actionRequestOf,
  trafficEvacuatePermission,
  trafficReadPermission,
  trafficShiftPermission,
} from '@internal/plugin-traffic-common';
import { EvacuationService } from './services/evacuation/EvacuationService';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { ArgoSyncService } from './services/ArgoSyncService';
import { requestHash } from './services/idempotency';
import { Product, ProductBindings } from './services/ProductBindings';
import { TrafficService } from './services/TrafficService';

/** Every request of this API is a few hundred bytes; a reason is at most 500 characters. */
const BODY_LIMIT = '16kb';

type EntityParams = { kind: string; namespace: string; name: string };
type Request = Parameters<HttpAuthService['credentials']>[0];

/**
 * The traffic API, from its OpenAPI spec (which rejects malformed input with
 * 400 before a handler runs). Every route checks a permission on the product
 * with the caller's own credentials: reading (the view, a preview, the
 * auto-sync state) needs `traffic.entrypoint.read`; changing needs
 * `traffic.entrypoint.shift` and is audited whatever its outcome. What a
 * change touches is the product's by the infra repo (ProductBindings), so
 * the check on the product covers it.
 */
export async function createRouter(options: {
  traffic: TrafficService;
  evacuations: EvacuationService;
  argoSync: ArgoSyncService;
  bindings: ProductBindings;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
}) {
  const { traffic, argoSync, bindings, httpAuth, permissions, catalog } =
    options;
  const router = await createOpenApiRouter();

  async function productOf(
    params: EntityParams,
    credentials: BackstageCredentials,
  ): Promise<Product> {
    const entityRef = stringifyEntityRef(params);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return { entity, binding: await bindings.of(entity, credentials) };
  }

  async function decide(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async function mayShift(entity: Entity, credentials: BackstageCredentials) {
    const entityRef = stringifyEntityRef(entity);
    if (await decide(trafficShiftPermission, entityRef, credentials)) {
      return { allowed: true };
    }
    // Said in people's words: the team and the product by name.
    const owner = String(entity.spec?.owner ?? 'the owner group');
    const team = owner.replace(/^group:(default\/)?/, '');
    const product = entity.metadata.title ?? entity.metadata.name;
    return {
      allowed: false,
      reason: `only members of ${team}, the on-call group and platform admins may shift the traffic of ${product}`,
    };
  }

  /** Reading: the product, once `traffic.entrypoint.read` allows it. */
  async function readable(req: Request & { params: EntityParams }) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef(req.params);
    if (!(await decide(trafficReadPermission, entityRef, credentials))) {
      throw new NotAllowedError(`you may not read the traffic of ${entityRef}`);
    }
    return { credentials, product: await productOf(req.params, credentials) };
  }

  /**
   * The guard rails both kill switches share: the permission, checked with
   * the user's credentials before anything else is read, and an audit event
   * (created failed when denied).
   */
  async function changeable(
    req: Request & { params: EntityParams; body: unknown },
    eventId: string,
    denialMeta: Record<string, unknown>,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(req.params);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const audit = (meta: Record<string, unknown>) =>
      options.auditor.createEvent({
        eventId,
        severityLevel: 'high',
        request: req,
        meta: { entityRef, ...meta },
      });
    const permission = await mayShift(entity, credentials);
    if (!permission.allowed) {
      const denied = new NotAllowedError(permission.reason);
      await (await audit(denialMeta)).fail({ error: denied });
      throw denied;
    }
    const product = {
      entity,
      binding: await bindings.of(entity, credentials),
    };
    return {
      actor: credentials.principal.userEntityRef,
      product,
      audit,
      // What the idempotency key is bound to.
      hash: requestHash(req.method, `${req.baseUrl}${req.path}`, req.body),
      idempotencyKey: req.header('idempotency-key'),
    };
  }

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const { credentials, product } = await readable(req);
    // The fleet backend reads this too (service to service): it shifts nothing.
    const permission =
      'userEntityRef' in credentials.principal
        ? await mayShift(product.entity, credentials)
        : { allowed: false, reason: 'not a signed-in user' };
    res.json(await traffic.view(product, permission));
  });

  router.post('/entities/:kind/:namespace/:name/preview', async (req, res) => {
    const { product } = await readable(req);
    res.json(await traffic.preview(product, actionRequestOf(req.body).request));
  });

  router.post('/entities/:kind/:namespace/:name/actions', async (req, res) => {
    const { request, expectedVersion } = actionRequestOf(req.body);
    const change = await changeable(req, 'entry-point-change', {
      action: request,
    });
    res.json(
      await traffic.apply(change.product, request, {
        actor: change.actor,
        idempotencyKey: change.idempotencyKey,
        requestHash: change.hash,
        expectedVersion,
        audit: change.audit,
      }),
    );
  });

  // Apart from the view: the fleet's traffic column reads the view on every
  // refresh and has no use for three Argo CD list calls.
  router.get('/entities/:kind/:namespace/:name/sync', async (req, res) => {
    const { product } = await readable(req);
    res.json(await argoSync.state(product));
  });

  router.post('/entities/:kind/:namespace/:name/sync', async (req, res) => {
    const body = req.body;
    const change = await changeable(req, 'argocd-auto-sync', { ...body });
    res.json(
      await argoSync.toggle(change.product, body, {
        actor: change.actor,
        idempotencyKey: change.idempotencyKey,
        requestHash: change.hash,
        audit: change.audit,
      }),
    );
  });

  // Evacuating a cluster (issue 20). The plan and the runs are readable by
  // any signed-in user (the plan shows the products they may see); running,
  // resuming and returning need `traffic.cluster.evacuate` — platform
  // on-call — checked with the user's credentials, and are audited.
  const { evacuations } = options;

  router.get('/clusters/:cluster/evacuation', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await evacuations.plan(req.params.cluster, credentials));
  });

  router.get('/clusters/:cluster/evacuations', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await evacuations.list(req.params.cluster));
  });

  router.get('/evacuations/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await evacuations.get(req.params.id));
  });

  /** The evacuate permission with the user's credentials, audited either way. */
  async function mayEvacuate(
    req: Request & { body: unknown },
    meta: JsonObject,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await options.auditor.createEvent({
      eventId: 'cluster-evacuation',
      severityLevel: 'high',
      request: req,
      meta,
    });
    const [decision] = await permissions.authorize(
      [{ permission: trafficEvacuatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const denied = new NotAllowedError(
        'only platform on-call and platform admins may evacuate a cluster or return its traffic',
      );
      await event.fail({ error: denied });
      throw denied;
    }
    return { actor: credentials.principal.userEntityRef, event };
  }

  /** Runs `work` and closes the audit event with its outcome. */
  async function audited<T extends { id: string; status: string }>(
    event: Awaited<ReturnType<typeof mayEvacuate>>['event'],
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      const run = await work();
      await event.success({ meta: { run: run.id, status: run.status } });
      return run;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.post('/clusters/:cluster/evacuations', async (req, res) => {
    const { cluster } = req.params;
    const { actor, event } = await mayEvacuate(req, {
      cluster,
      mode: req.body.mode,
      reason: req.body.reason,
    });
    res
      .status(202)
      .json(
        await audited(event, () => evacuations.start(cluster, req.body, actor)),
      );
  });

  router.post('/evacuations/:id/resume', async (req, res) => {
    const { event } = await mayEvacuate(req, {
      run: req.params.id,
      action: 'resume',
    });
    res
      .status(202)
      .json(await audited(event, () => evacuations.resume(req.params.id)));
  });

  router.post('/evacuations/:id/return', async (req, res) => {
    const { actor, event } = await mayEvacuate(req, {
      run: req.params.id,
      action: 'return',
      reason: req.body.reason,
    });
    res
      .status(202)
      .json(
        await audited(event, () =>
          evacuations.returnTraffic(req.params.id, req.body.reason, actor),
        ),
      );
  });

  // The body is parsed here, before the OpenAPI router, so that a body over
  // the limit is answered 413 (the OpenAPI router would turn it into a 400)
  // and nothing behind it runs.
  const limited = express.Router();
  limited.use(express.json({ limit: BODY_LIMIT }));
  limited.use(router);
  return limited;
}
