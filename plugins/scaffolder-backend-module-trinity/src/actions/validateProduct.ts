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
        zone: zod => zod.string(),
        zoneId: zod => zod.string(),
        serviceNames: zod => zod.array(zod.string()),
      },
      input: {
        name: zod => zod.string(),
        team: zod => zod.string(),
        services: zod => zod.array(zod.string()),
        clouds: zod => zod.array(zod.string()),
        tier: zod => zod.string(),
        sloObjective: zod => zod.number(),
        latencyTargetMs: zod => zod.number(),
        hostname: zod => zod.string(),
        minReplicas: zod => zod.number(),
        maxReplicas: zod => zod.number(),
        repo: zod =>
          zod
            .string()
            .describe(
              'The product repo (owner/name). Names that came from it are not "taken": a re-run updates the product.',
            ),
      },
    },
    async handler(ctx) {
      const platform = await readPlatformContext(
        config,
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      const taken = platform.taken
        .filter(entry => entry.sourceRepo !== ctx.input.repo)
        .map(entry => entry.name);
      // The team comes from the user's own groups, never from the form.
      const access = await userAccessOf(ctx, userInfo, config);
      const problems = productInputProblems(ctx.input, {
        clusters: platform.clusters.map(cluster => cluster.name),
        taken,
        allowedZones: platform.publicZones,
        userTeams: access.admin ? undefined : access.teams,
        takenHostnames: platform.entryPoints,
      });
      if (problems.length) {
        throw new InputError(
          problems
            .map(problem => `${problem.field}: ${problem.message}`)
            .join('; '),
        );
      }
      const zone = platform.publicZones.find(publicZone =>
        ctx.input.hostname.endsWith(`.${publicZone}`),
      )!;
      ctx.output('zone', zone);
      ctx.output('zoneId', platform.zoneIds[zone]);
      ctx.output(
        'serviceNames',
        ctx.input.services.map(service => `${ctx.input.name}-${service}`),
      );
      ctx.logger.info(`product ${ctx.input.name} follows the platform rules`);
    },
  });
}
