import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { JsonObject } from '@backstage/types';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { actionRequestOf } from '@internal/plugin-traffic-common';
import { EvacuationService } from './services/evacuation/EvacuationService';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { ArgoSyncService } from './services/ArgoSyncService';
import { ReleaseService } from './services/releases/ReleaseService';
import { requestHash } from './services/idempotency';
import { TrafficAccess } from './services/access';
import { TrafficService } from './services/TrafficService';

/** Every request of this API is a few hundred bytes; a reason is at most 500 characters. */
const BODY_LIMIT = '16kb';

type EntityParams = { kind: string; namespace: string; name: string };
type Request = Parameters<HttpAuthService['credentials']>[0];

/**
 * The traffic API, from its OpenAPI spec (which rejects malformed input with
 * 400 before a handler runs). Every route checks a permission on the product
 * with the caller's own credentials (TrafficAccess, shared with the actions
 * agents call): reading (the view, a preview, the auto-sync state) needs
 * `traffic.entrypoint.read`; changing needs `traffic.entrypoint.shift` and
 * is audited whatever its outcome.
 */
export async function createRouter(options: {
  traffic: TrafficService;
  evacuations: EvacuationService;
  argoSync: ArgoSyncService;
  releases: ReleaseService;
  access: TrafficAccess;
  httpAuth: HttpAuthService;
}) {
  const { traffic, argoSync, access, httpAuth } = options;
  const router = await createOpenApiRouter();

  /** Reading: the product, once `traffic.entrypoint.read` allows it. */
  async function readable(req: Request & { params: EntityParams }) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const product = await access.readable(
      stringifyEntityRef(req.params),
      credentials,
    );
    return { credentials, product };
  }

  /** A change through the API: the user's permission, audited either way. */
  async function changeable(
    req: Request & { params: EntityParams; body: unknown },
    eventId: string,
    denialMeta: Record<string, unknown>,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const change = await access.changeable(
      stringifyEntityRef(req.params),
      credentials,
      { eventId, denialMeta, request: req },
    );
    return {
      ...change,
      // What the idempotency key is bound to.
      hash: requestHash(req.method, `${req.baseUrl}${req.path}`, req.body),
      idempotencyKey: req.header('idempotency-key'),
    };
  }

  /** Reading, with whether the caller may change what it reads. */
  async function readableWithPermission(
    req: Request & { params: EntityParams },
  ) {
    const { credentials, product } = await readable(req);
    // The fleet backend reads the view too (service to service): it
    // shifts nothing.
    const permission =
      'userEntityRef' in credentials.principal
        ? await access.mayShift(product.entity, credentials)
        : { allowed: false, reason: 'not a signed-in user' };
    return { product, permission };
  }

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const { product, permission } = await readableWithPermission(req);
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

  // Shipping (issue 24): which version runs in which ring, and the governed
  // release actions — the same permission, reason, key and audit as the
  // failover button.
  const { releases } = options;

  router.get('/entities/:kind/:namespace/:name/releases', async (req, res) => {
    const { product, permission } = await readableWithPermission(req);
    res.json(await releases.view(product, permission));
  });

  /** A release change through the API, with the context every one of them takes. */
  async function releaseChange(
    req: Request & { params: EntityParams; body: unknown },
    eventId: string,
  ) {
    const change = await changeable(req, eventId, {
      ...(req.body as JsonObject),
    });
    return {
      product: change.product,
      ctx: {
        actor: change.actor,
        idempotencyKey: change.idempotencyKey,
        requestHash: change.hash,
        audit: change.audit,
      },
    };
  }

  router.post(
    '/entities/:kind/:namespace/:name/releases/promote',
    async (req, res) => {
      const { product, ctx } = await releaseChange(req, 'release-promote');
      res.json(await releases.promote(product, req.body, ctx));
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/releases/promotions',
    async (req, res) => {
      const { product, ctx } = await releaseChange(req, 'release-promotions');
      res.json(await releases.setPromotions(product, req.body, ctx));
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/releases/abort',
    async (req, res) => {
      const { product, ctx } = await releaseChange(req, 'rollout-abort');
      res.json(await releases.abort(product, req.body, ctx));
    },
  );

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
    return access.evacuator(credentials, meta, { request: req });
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
