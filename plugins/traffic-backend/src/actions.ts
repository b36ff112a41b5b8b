import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { actingUser } from '@internal/plugin-platform-node';
import {
  actionRequestOf,
  ActionRequestBody,
  Preview,
  TrafficView,
} from '@internal/plugin-traffic-common';
import { TrafficAccess } from './services/access';
import { requestHash } from './services/idempotency';
import { TrafficService } from './services/TrafficService';

/**
 * The failover button as actions agents call (over MCP, through
 * @backstage/plugin-mcp-actions-backend), with the same guard rails as the
 * Failover tab, never more: every call acts with the calling user's
 * credentials (TrafficAccess, the checks the HTTP API makes), a change needs
 * the preview's version, a reason and an idempotency key, and is audited
 * with the action's name. Errors are the API's own messages.
 */
export function registerTrafficActions(
  registry: ActionsRegistryService,
  deps: { access: TrafficAccess; traffic: TrafficService },
) {
  const { access, traffic } = deps;

  registry.register({
    name: 'get-traffic-state',
    title: 'Traffic of a product',
    description:
      "A product's entry point as its DNS provider holds it now: each cluster's weight, share of traffic, provider health and drain (who, why, until when), whether the caller may change it, and the last changes. Read-only.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: zod
            .string()
            .describe('The product, e.g. system:default/storefront'),
        }),
      output: zod =>
        zod.object({
          entryPoint: zod.string().optional(),
          provider: zod.string().optional(),
          version: zod
            .string()
            .optional()
            .describe('Pass it to apply-traffic-change (compare-and-set)'),
          clusters: zod.array(
            zod.object({
              cluster: zod.string(),
              weight: zod.number(),
              share: zod.number(),
              health: zod.string(),
              drained: zod.boolean(),
              drainedBy: zod.string().optional(),
              drainReason: zod.string().optional(),
              drainExpiresAt: zod.string().optional(),
            }),
          ),
          error: zod
            .string()
            .optional()
            .describe('Why the provider could not be read, when it could not'),
          mayChange: zod.boolean(),
          whyNot: zod.string().optional(),
          history: zod.array(
            zod.object({
              at: zod.string(),
              actor: zod.string(),
              kind: zod.string(),
              cluster: zod.string().optional(),
              reason: zod.string(),
              outcome: zod.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = actingUser(credentials);
      const product = await access.readable(input.entityRef, user);
      const permission = await access.mayShift(product.entity, user);
      return { output: stateOf(await traffic.view(product, permission)) };
    },
  });

  const change = (zod: ZodLike) => ({
    entityRef: zod
      .string()
      .describe('The product, e.g. system:default/storefront'),
    kind: zod
      .enum(['drain', 'restore', 'weights'])
      .describe('drain or restore one cluster, or set every weight'),
    cluster: zod
      .string()
      .optional()
      .describe('The cluster to drain or restore (not for weights)'),
    weights: zod
      .record(zod.number().int().min(0).max(255))
      .optional()
      .describe('Every cluster and its weight (weights only)'),
    expiresInMinutes: zod
      .number()
      .int()
      .min(1)
      .max(1440)
      .optional()
      .describe('Restore a drain by itself after this long'),
    force: zod
      .boolean()
      .optional()
      .describe(
        'Go ahead though the headroom check fails (the reason says why)',
      ),
  });

  registry.register({
    name: 'preview-traffic-change',
    title: 'Preview a traffic change',
    description:
      'What a drain, restore or weights change of a product would do, without doing it: weights and provider records before and after, every safety check with its verdict, whether it is allowed, and the version to apply it with. Read-only.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          ...change(zod),
          reason: zod.string().max(500).optional(),
        }),
      output: zod =>
        zod.object({
          version: zod.string(),
          allowed: zod.boolean(),
          weightsBefore: zod.record(zod.number()),
          weightsAfter: zod.record(zod.number()),
          checks: zod.array(
            zod.object({
              id: zod.string(),
              title: zod.string(),
              status: zod.enum(['pass', 'fail']),
              detail: zod.string(),
              overridable: zod.boolean(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...body } = input;
      const product = await access.readable(entityRef, actingUser(credentials));
      const { request } = actionRequestOf({
        ...body,
        reason: body.reason ?? '',
      } as ActionRequestBody);
      return { output: previewOf(await traffic.preview(product, request)) };
    },
  });

  registry.register({
    name: 'apply-traffic-change',
    title: 'Apply a previewed traffic change',
    description:
      "Applies a drain, restore or weights change the caller previewed: it needs the preview's version (a change made since is a conflict, nothing written), a reason for the history and audit log, and an idempotency key (a retry with the same key is answered, not repeated). The safety checks run again; only the product's owners, on-call and platform admins may. Destructive: it moves live traffic.",
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          ...change(zod),
          reason: zod
            .string()
            .min(1)
            .max(500)
            .describe('Why: kept in the history and the audit log'),
          expectedVersion: zod
            .string()
            .min(1)
            .describe('The version preview-traffic-change returned'),
          idempotencyKey: zod
            .string()
            .min(8)
            .max(200)
            .describe('One per intended change; reuse it to retry'),
        }),
      output: zod =>
        zod.object({
          outcome: zod.enum([
            'applied',
            'refused',
            'conflict',
            'failed',
            'pending',
          ]),
          replayed: zod.boolean(),
          error: zod.string().optional(),
          weightsBefore: zod.record(zod.number()),
          weightsAfter: zod.record(zod.number()),
          warning: zod.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = actingUser(credentials);
      const { entityRef, idempotencyKey, ...body } = input;
      if (!body.reason.trim())
        throw new InputError('a reason is required for every traffic change');
      const { request, expectedVersion } = actionRequestOf(body);
      const allowed = await access.changeable(entityRef, user, {
        eventId: 'entry-point-change',
        denialMeta: { action: request },
        via: 'action traffic:apply-traffic-change',
      });
      const result = await traffic.apply(allowed.product, request, {
        actor: allowed.actor,
        idempotencyKey,
        // The key is bound to this request: the same key with another
        // change is refused, as on the API.
        requestHash: requestHash(
          'ACTION',
          `traffic:apply-traffic-change/${entityRef}`,
          body,
        ),
        expectedVersion,
        audit: allowed.audit,
      });
      return {
        output: {
          outcome: result.outcome,
          replayed: result.replayed,
          error: result.entry.error,
          weightsBefore: result.entry.weightsBefore,
          weightsAfter: result.entry.weightsAfter,
          warning: result.warning,
        },
      };
    },
  });
}

/** The registry's zod, as the schema callbacks receive it. */
type ZodLike = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

function stateOf(view: TrafficView) {
  return {
    entryPoint: view.state?.name,
    provider: view.state?.provider,
    version: view.state?.version,
    clusters: (view.state?.clusters ?? []).map(cluster => ({
      cluster: cluster.cluster,
      weight: cluster.weight,
      share: cluster.share,
      health: cluster.health,
      drained: Boolean(cluster.drain),
      drainedBy: cluster.drain?.actor,
      drainReason: cluster.drain?.reason,
      drainExpiresAt: cluster.drain?.expiresAt,
    })),
    error: view.error?.message,
    mayChange: view.permission.allowed,
    whyNot: view.permission.reason,
    history: view.history.slice(0, 10).map(entry => ({
      at: entry.createdAt,
      actor: entry.actor,
      kind: entry.kind,
      cluster: entry.cluster,
      reason: entry.reason,
      outcome: entry.outcome,
    })),
  };
}

function previewOf(preview: Preview) {
  return {
    version: preview.version,
    allowed: preview.allowed,
    weightsBefore: preview.weightsBefore,
    weightsAfter: preview.weightsAfter,
    checks: preview.checks.map(check => ({
      id: check.id,
      title: check.title,
      status: check.status,
      detail: check.detail,
      overridable: check.overridable,
    })),
  };
}
