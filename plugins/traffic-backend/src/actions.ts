import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { actingUser } from '@internal/plugin-platform-node';
import {
  actionRequestOf,
  ActionRequestBody,
  ActionResult,
  Preview,
  TrafficView,
} from '@internal/plugin-traffic-common';
import { TrafficAccess } from './services/access';
import { requestHash } from './services/idempotency';
import { TrafficService } from './services/TrafficService';
import { ArgoSyncService } from './services/ArgoSyncService';
import { EvacuationService } from './services/evacuation/EvacuationService';
import { Product } from './services/ProductBindings';
import { ChangeContext } from './services/recordedChange';

/** What every change carries: why, and the key that makes a retry a replay. */
export const recorded = (zod: ZodLike) => ({
  reason: zod
    .string()
    .min(1)
    .max(500)
    .describe('Why: kept in the history and the audit log'),
  idempotencyKey: zod
    .string()
    .min(8)
    .max(200)
    .describe('One per intended change; reuse it to retry'),
});

/** What every change answers, as the API's history entry says it. */
export const outcomeOf = (zod: ZodLike) => ({
  outcome: zod.enum(['applied', 'refused', 'conflict', 'failed', 'pending']),
  replayed: zod.boolean(),
  error: zod.string().optional(),
});

/**
 * One governed change made by an action, with exactly the API's guard rails:
 * the permission checked with the calling user's credentials (a refusal is
 * audited as `eventId`), then `run` with the actor, the idempotency key, a
 * request hash binding that key to this action, product and body, and the
 * audit event; the answer is the history entry's outcome.
 */
export function governedChange(access: TrafficAccess) {
  return async (
    name: string,
    eventId: string,
    credentials: Parameters<typeof actingUser>[0],
    input: { entityRef: string; idempotencyKey: string } & Record<
      string,
      unknown
    >,
    run: (product: Product, ctx: ChangeContext) => Promise<ActionResult>,
  ) => {
    const { entityRef, idempotencyKey, ...body } = input;
    const allowed = await access.changeable(
      entityRef,
      actingUser(credentials),
      {
        eventId,
        denialMeta: { ...body },
        via: `action traffic:${name}`,
      },
    );
    const result = await run(allowed.product, {
      actor: allowed.actor,
      idempotencyKey,
      requestHash: requestHash('ACTION', `traffic:${name}/${entityRef}`, body),
      audit: allowed.audit,
    });
    return {
      output: {
        outcome: result.outcome,
        replayed: result.replayed,
        error: result.entry.error,
        pullRequestUrl: result.entry.pullRequestUrl,
      },
    };
  };
}

/**
 * The failover button and the auto-sync kill switch as actions agents call (over MCP, through
 * @backstage/plugin-mcp-actions-backend), with the same guard rails as the
 * Failover tab, never more: every call acts with the calling user's
 * credentials (TrafficAccess, the checks the HTTP API makes), a change needs
 * the preview's version, a reason and an idempotency key, and is audited
 * with the action's name. Errors are the API's own messages.
 */
export function registerTrafficActions(
  registry: ActionsRegistryService,
  deps: {
    access: TrafficAccess;
    traffic: TrafficService;
    autoSync: ArgoSyncService;
    evacuations: EvacuationService;
  },
) {
  const { access, traffic, autoSync, evacuations } = deps;
  const governed = governedChange(access);

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
          ...recorded(zod),
          expectedVersion: zod
            .string()
            .min(1)
            .describe('The version preview-traffic-change returned'),
        }),
      output: zod =>
        zod.object({
          ...outcomeOf(zod),
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

  registry.register({
    name: 'set-auto-sync',
    title: "Pause or resume a product's Argo CD auto-sync on a cluster",
    description:
      "The kill switch beside the failover button: pauses (or resumes) Argo CD auto-sync of every application of the product on one cluster, so a bad release stops rolling there. Needs a reason and an idempotency key; only the product's owners, on-call and platform admins may. Destructive: it changes what Argo CD does.",
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: zod
            .string()
            .describe('The product, e.g. system:default/storefront'),
          cluster: zod.string().describe('One of the clusters it runs on'),
          paused: zod
            .boolean()
            .describe('true pauses auto-sync, false resumes it'),
          ...recorded(zod),
        }),
      output: zod =>
        zod.object({
          ...outcomeOf(zod),
        }),
    },
    action: async ({ input, credentials }) =>
      governed(
        'set-auto-sync',
        'argocd-auto-sync',
        credentials,
        input,
        (product, ctx) =>
          autoSync.toggle(
            product,
            {
              cluster: input.cluster,
              paused: input.paused,
              reason: input.reason,
            },
            ctx,
          ),
      ),
  });

  registry.register({
    name: 'get-evacuation-plan',
    title: 'What evacuating a cluster would do',
    description:
      'Every entry point that has the cluster as a target, among the products the caller may see: its weights now and after, every safety check, and whether a run would move it or skip it (and why). Read-only.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          cluster: zod.string().describe('e.g. gcp-euw1-prod-01'),
        }),
      output: zod =>
        zod.object({
          cluster: zod.string(),
          entries: zod.array(
            zod.object({
              entityRef: zod.string(),
              entryPoint: zod.string(),
              weightsBefore: zod.record(zod.number()),
              weightsAfter: zod.record(zod.number()),
              moves: zod.boolean(),
              skipReason: zod.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const plan = await evacuations.plan(
        input.cluster,
        actingUser(credentials),
      );
      return {
        output: {
          cluster: plan.cluster,
          entries: plan.entries.map(entry => ({
            entityRef: entry.entityRef,
            entryPoint: entry.entryPoint,
            weightsBefore: entry.weightsBefore,
            weightsAfter: entry.weightsAfter,
            moves: entry.allowed,
            skipReason: entry.skipReason,
          })),
        },
      };
    },
  });

  registry.register({
    name: 'evacuate-cluster',
    title: 'Rehearse or run the evacuation of a cluster',
    description:
      "Drains the cluster from every entry point the plan moves, step by step with the safety checks, then freezes deploys to it; or, as a rehearsal, checks and predicts without writing anything. Only platform on-call and admins may; the cluster's name is typed again as confirmation; audited. The run goes on in the portal: read it on the cluster's Evacuate tab. Destructive: a run moves live traffic.",
    attributes: { destructive: true },
    schema: {
      input: zod =>
        zod.object({
          cluster: zod.string().describe('e.g. gcp-euw1-prod-01'),
          confirmCluster: zod
            .string()
            .describe("The cluster's name again, as confirmation"),
          mode: zod
            .enum(['rehearsal', 'run'])
            .describe('rehearsal writes nothing; run moves traffic'),
          reason: zod.string().min(1).max(500),
          freezeHours: zod.number().int().min(1).max(168).optional(),
        }),
      output: zod =>
        zod.object({
          id: zod.string(),
          status: zod.string(),
          steps: zod.array(
            zod.object({
              kind: zod.string(),
              status: zod.string(),
              entryPoint: zod.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { cluster, ...body } = input;
      const { actor, event } = await access.evacuator(
        actingUser(credentials),
        { cluster, mode: body.mode, reason: body.reason },
        { via: 'action traffic:evacuate-cluster' },
      );
      try {
        const run = await evacuations.start(cluster, body, actor);
        await event.success({ meta: { run: run.id, status: run.status } });
        return {
          output: {
            id: run.id,
            status: run.status,
            steps: run.steps.map(step => ({
              kind: step.kind,
              status: step.status,
              entryPoint: step.entryPoint,
            })),
          },
        };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}

/** The registry's zod, as the schema callbacks receive it. */
export type ZodLike = Parameters<
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
