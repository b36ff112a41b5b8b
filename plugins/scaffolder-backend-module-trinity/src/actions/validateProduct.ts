import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { productInputProblems } from '@internal/plugin-platform-common';
import { readPlatformContext } from './platformContext';
import { userAccessOf } from './userAccess';

/**
 * `trinity:product:validate`: the wizard's rules again, on the backend, for
 * requests that did not come through the wizard — and the ones only the
 * backend can check: the owner team is one of the initiator's groups
 * (unless a platform admin), and the hostname is no other product's in the
 * infra repo. Fails with every problem
 * named by field; nothing after it runs.
 */
export function createValidateProductAction(
  config: Config,
  catalog: CatalogService,
  userInfo: UserInfoService,
) {
  return createTemplateAction({
    id: 'trinity:product:validate',
    description: 'Checks a new product request against the platform rules.',
    supportsDryRun: true,
    schema: {
      output: {
        zone: z => z.string(),
        zoneId: z => z.string(),
        serviceNames: z => z.array(z.string()),
      },
      input: {
        name: z => z.string(),
        team: z => z.string(),
        services: z => z.array(z.string()),
        clouds: z => z.array(z.string()),
        tier: z => z.string(),
        sloObjective: z => z.number(),
        latencyTargetMs: z => z.number(),
        hostname: z => z.string(),
        minReplicas: z => z.number(),
        maxReplicas: z => z.number(),
        repo: z =>
          z
            .string()
            .describe(
              'The product repo (owner/name). Names that came from it are not "taken": a re-run updates the product.',
            ),
      },
    },
    async handler(ctx) {
      const c = await readPlatformContext(
        config,
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      const taken = c.taken
        .filter(t => t.sourceRepo !== ctx.input.repo)
        .map(t => t.name);
      // The team comes from the user's own groups, never from the form.
      const access = await userAccessOf(ctx, userInfo, config);
      const problems = productInputProblems(ctx.input, {
        clusters: c.clusters.map(x => x.name),
        taken,
        allowedZones: c.publicZones,
        userTeams: access.admin ? undefined : access.teams,
        takenHostnames: c.entryPoints,
      });
      if (problems.length) {
        throw new InputError(
          problems.map(p => `${p.field}: ${p.message}`).join('; '),
        );
      }
      const zone = c.publicZones.find(z =>
        ctx.input.hostname.endsWith(`.${z}`),
      )!;
      ctx.output('zone', zone);
      ctx.output('zoneId', c.zoneIds[zone]);
      ctx.output(
        'serviceNames',
        ctx.input.services.map(s => `${ctx.input.name}-${s}`),
      );
      ctx.logger.info(`product ${ctx.input.name} follows the platform rules`);
    },
  });
}
