import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readPlatformContext } from './platformContext';

/**
 * `trinity:context`: the platform facts a template renders with (cluster
 * registry, forge URLs, zones, traffic provider). Read-only, so it runs in
 * dry runs too.
 */
export function createContextAction(config: Config, catalog: CatalogService) {
  return createTemplateAction({
    id: 'trinity:context',
    description:
      'Reads the cluster registry, forge and traffic settings the templates render with.',
    supportsDryRun: true,
    schema: {
      input: {
        clusters: zod =>
          zod
            .array(zod.string())
            .optional()
            .describe('Only these clusters (default: all registered).'),
      },
      output: {
        clusters: zod => zod.array(zod.record(zod.string(), zod.string())),
        clusterNames: zod => zod.array(zod.string()),
        entryPointTargets: zod => zod.string(),
        cloneBaseUrl: zod => zod.string(),
        infraRepo: zod => zod.string(),
        trafficProvider: zod => zod.string(),
        publicZones: zod => zod.array(zod.string()),
        imageRegistry: zod => zod.string(),
      },
    },
    async handler(ctx) {
      const platform = await readPlatformContext(
        config,
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      // Images are named after the platform registry in the product repo
      // and the tenant; no host is written into the templates themselves.
      if (!platform.imageRegistry) {
        throw new Error(
          'trinity.images.registry is not configured: the templates name the platform registry from it',
        );
      }
      const wanted = ctx.input.clusters;
      const unknown = (wanted ?? []).filter(
        name => !platform.clusters.some(cluster => cluster.name === name),
      );
      if (unknown.length) {
        throw new Error(`not registered clusters: ${unknown.join(', ')}`);
      }
      // Registry order, so the rendered files do not depend on click order.
      const clusters = platform.clusters.filter(
        cluster => !wanted || wanted.includes(cluster.name),
      );
      ctx.output('clusters', clusters as unknown as Record<string, string>[]);
      ctx.output(
        'clusterNames',
        clusters.map(cluster => cluster.name),
      );
      ctx.output(
        'entryPointTargets',
        clusters.map(cluster => `${cluster.name}=${cluster.ingress}`).join(','),
      );
      ctx.output('cloneBaseUrl', platform.cloneBaseUrl);
      ctx.output('infraRepo', platform.infraRepo);
      ctx.output('trafficProvider', platform.trafficProvider);
      ctx.output('publicZones', platform.publicZones);
      ctx.output('imageRegistry', platform.imageRegistry);
    },
  });
}
