import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { actingUser } from '@internal/plugin-platform-node';
import { governedChange, outcomeOf, recorded, ZodLike } from './actions';
import { TrafficAccess } from './services/access';
import { ReleaseService } from './services/releases/ReleaseService';

const productRef = (zod: ZodLike) =>
  zod.string().describe('The product, e.g. system:default/storefront');

/**
 * The release actions beside the failover button, as actions agents call
 * (over MCP): the Releases card's view, promote, pause promotions and abort
 * a canary — with the calling user's credentials and exactly the API's
 * guard rails (permission on the product, reason, idempotency key bound to
 * the request, audit naming the action).
 */
export function registerReleaseActions(
  registry: ActionsRegistryService,
  deps: { access: TrafficAccess; releases: ReleaseService },
) {
  const { access, releases } = deps;

  registry.register({
    name: 'get-releases',
    title: 'Which version runs in which ring',
    description:
      "A product's services with the tag each upgrade ring runs (the infra repo), what Argo CD reports on each ring's clusters (health, sync, whether it runs the tag, whether a canary can be aborted), the next promotion and whether it is ready (why not, when not), whether promotions are paused, and open release pull requests. Read-only.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({ entityRef: productRef(zod) }),
      output: zod =>
        zod.object({
          view: zod
            .record(zod.unknown())
            .describe('The API answer of GET …/releases (ReleaseView)'),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = actingUser(credentials);
      const product = await access.readable(input.entityRef, user);
      const permission = await access.mayShift(product.entity, user);
      return {
        output: {
          view: (await releases.view(product, permission)) as unknown as Record<
            string,
            unknown
          >,
        },
      };
    },
  });

  const governed = governedChange(access);

  const answer = (zod: ZodLike) =>
    zod.object({
      ...outcomeOf(zod),
      pullRequestUrl: zod.string().optional(),
    });

  registry.register({
    name: 'promote-release',
    title: 'Promote a version to the next ring',
    description:
      "Opens the infra repo pull request copying the previous ring's tag of a service to `ring`, once that ring is Synced and Healthy on it on every cluster and promotions are not paused (else refused, saying why). The infra repo's reviewers merge it. Needs a reason and an idempotency key; only the product's owners, on-call and platform admins may.",
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: productRef(zod),
          service: zod.string().describe('One of the product’s services'),
          ring: zod.string().describe('The ring to promote to, e.g. ring-1'),
          ...recorded(zod),
        }),
      output: answer,
    },
    action: async ({ input, credentials }) =>
      governed(
        'promote-release',
        'release-promote',
        credentials,
        input,
        (product, ctx) =>
          releases.promote(
            product,
            { service: input.service, ring: input.ring, reason: input.reason },
            ctx,
          ),
      ),
  });

  registry.register({
    name: 'set-promotions',
    title: "Pause or resume a product's promotions",
    description:
      "Opens the infra repo pull request setting `paused` in the product's promotions.yaml: while paused (once merged), no version moves to a later ring. Needs a reason and an idempotency key; only the product's owners, on-call and platform admins may.",
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: productRef(zod),
          paused: zod.boolean().describe('true pauses, false resumes'),
          ...recorded(zod),
        }),
      output: answer,
    },
    action: async ({ input, credentials }) =>
      governed(
        'set-promotions',
        'release-promotions',
        credentials,
        input,
        (product, ctx) =>
          releases.setPromotions(
            product,
            { paused: input.paused, reason: input.reason },
            ctx,
          ),
      ),
  });

  registry.register({
    name: 'abort-rollout',
    title: "Abort a service's canary on a cluster",
    description:
      "Runs Argo CD's abort action on the service's Rollout on one cluster: the canary scales down and the stable version takes the traffic back. Refused when there is nothing to abort. Needs a reason and an idempotency key; only the product's owners, on-call and platform admins may. Destructive: it changes what runs.",
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: productRef(zod),
          service: zod.string().describe('One of the product’s services'),
          cluster: zod.string().describe('One of the clusters it runs on'),
          ...recorded(zod),
        }),
      output: answer,
    },
    action: async ({ input, credentials }) =>
      governed(
        'abort-rollout',
        'rollout-abort',
        credentials,
        input,
        (product, ctx) =>
          releases.abort(
            product,
            {
              service: input.service,
              cluster: input.cluster,
              reason: input.reason,
            },
            ctx,
          ),
      ),
  });
}
