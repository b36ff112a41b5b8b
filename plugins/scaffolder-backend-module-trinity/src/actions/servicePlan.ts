import fs from 'node:fs';
import path from 'node:path';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import {
  annotationList,
  annotations as contract,
  clustersOf,
  SERVICE_KINDS,
  ServiceKind,
  serviceInputProblems,
} from '@internal/plugin-platform-common';
import { inWorkspace } from './common';
import { readPlatformContext, SOURCE_REPO_ANNOTATION } from './platformContext';
import { userAccessOf } from './userAccess';

/**
 * The product's public hostname, from its EntryPoint in the infra checkout
 * (tenants/<product>/management/): the reviewed source, not the catalog's
 * annotation. A frontend's HTTPRoute answers on it.
 */
function entryPointHostname(infraDir: string, product: string): string {
  const dir = path.join(infraDir, 'tenants', product, 'management');
  if (!fs.existsSync(dir)) return '';
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const object = doc.toJS();
      if (object?.kind === 'EntryPoint' && object.spec?.hostname)
        return String(object.spec.hostname);
    }
  }
  return '';
}

/**
 * `trinity:service:plan`: checks a new-service request against the product
 * it joins, as the catalog holds it (read with the initiator's
 * credentials), and gives the template what it renders with. The product
 * must have come from a forge repository (a portal-made product): that is
 * where the pull request goes.
 */
export function createServicePlanAction(
  config: Config,
  catalog: CatalogService,
  userInfo: UserInfoService,
) {
  return createTemplateAction({
    id: 'trinity:service:plan',
    description:
      'Checks a new service against its product and the platform rules.',
    supportsDryRun: true,
    schema: {
      input: {
        product: zod =>
          zod.string().describe('The product: a System entity ref.'),
        infraCheckoutPath: zod =>
          zod
            .string()
            .describe('The infra checkout: the tenant must be in it.'),
        service: zod => zod.string(),
        kind: zod => zod.string(),
        sloObjective: zod => zod.number(),
        latencyTargetMs: zod => zod.number(),
        minReplicas: zod => zod.number(),
        maxReplicas: zod => zod.number(),
      },
      output: {
        name: zod => zod.string(),
        title: zod => zod.string(),
        team: zod => zod.string(),
        repo: zod => zod.string(),
        service: zod => zod.string(),
        kindTitle: zod => zod.string(),
        clusterNames: zod => zod.array(zod.string()),
        slothServices: zod => zod.string(),
        consumesApi: zod => zod.string(),
        hostname: zod =>
          zod
            .string()
            .describe(
              "The product's public hostname (its EntryPoint in the infra repo).",
            ),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      let ref;
      try {
        ref = parseEntityRef(ctx.input.product, {
          defaultKind: 'system',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(`product: ${(error as Error).message}`);
      }
      if (ref.kind.toLocaleLowerCase('en-US') !== 'system') {
        throw new InputError(`product: ${ctx.input.product} is not a System`);
      }
      const product = await catalog.getEntityByRef(ref, { credentials });
      if (!product) {
        throw new InputError(
          `product: ${stringifyEntityRef(ref)} is not in the catalog`,
        );
      }
      // The product must be one of the initiator's teams' (or an admin's).
      const access = await userAccessOf(ctx, userInfo, config);
      const ownerTeam = parseEntityRef(String(product.spec?.owner ?? ''), {
        defaultKind: 'group',
      }).name;
      if (!access.admin && !access.teams.includes(ownerTeam)) {
        throw new NotAllowedError(
          `product: ${product.metadata.name} belongs to ${ownerTeam}, and you are not a member; only its team adds services to it`,
        );
      }
      const annotations = product.metadata.annotations ?? {};
      const repo = annotations[SOURCE_REPO_ANNOTATION];
      if (!repo) {
        throw new InputError(
          `product: ${product.metadata.name} was not created by the portal (no ${SOURCE_REPO_ANNOTATION}); add its services in its own repository`,
        );
      }
      // The service joins the product's tenant, which must be merged: a
      // product whose new-product pull request is still open has none yet.
      const tenant = `tenants/${product.metadata.name}/base/kustomization.yaml`;
      if (
        !fs.existsSync(
          path.join(inWorkspace(ctx, ctx.input.infraCheckoutPath), tenant),
        )
      ) {
        throw new InputError(
          `product: ${product.metadata.name} has no tenant in the infra repo yet (${tenant}); merge its new-product pull request first`,
        );
      }
      const hostname = entryPointHostname(
        inWorkspace(ctx, ctx.input.infraCheckoutPath),
        product.metadata.name,
      );
      if (ctx.input.kind === 'web' && !hostname) {
        throw new InputError(
          `product: ${product.metadata.name} has no EntryPoint in tenants/${product.metadata.name}/management of the infra repo, so a frontend would have no hostname to answer on`,
        );
      }
      const platform = await readPlatformContext(config, catalog, credentials);
      const problems = serviceInputProblems(
        { ...ctx.input, product: product.metadata.name },
        { taken: platform.taken.map(entry => entry.name) },
      );
      if (problems.length) {
        throw new InputError(
          problems
            .map(problem => `${problem.field}: ${problem.message}`)
            .join('; '),
        );
      }
      const name = product.metadata.name;
      const service = `${name}-${ctx.input.service}`;
      const { items: apis } = await catalog.getEntities(
        {
          filter: { kind: 'API', 'spec.system': name },
          fields: ['metadata.name'],
        },
        { credentials },
      );
      const owner = String(product.spec?.owner ?? '');
      ctx.output('name', name);
      ctx.output('title', product.metadata.title ?? name);
      ctx.output('team', parseEntityRef(owner, { defaultKind: 'group' }).name);
      ctx.output('repo', repo);
      ctx.output('service', service);
      ctx.output(
        'kindTitle',
        SERVICE_KINDS[ctx.input.kind as ServiceKind].description,
      );
      ctx.output('clusterNames', clustersOf(annotations));
      ctx.output(
        'slothServices',
        [...annotationList(annotations, contract.slothService), service].join(
          ',',
        ),
      );
      ctx.output(
        'consumesApi',
        apis
          .map(api => api.metadata.name)
          .sort()
          .find(Boolean) ?? '',
      );
      ctx.output('hostname', hostname);
      ctx.logger.info(`${service} can join ${name} (repository ${repo})`);
    },
  });
}
