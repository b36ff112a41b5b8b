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
        clusters: z =>
          z
            .array(z.string())
            .optional()
            .describe('Only these clusters (default: all registered).'),
      },
      output: {
        clusters: z => z.array(z.record(z.string(), z.string())),
        clusterNames: z => z.array(z.string()),
        entryPointTargets: z => z.string(),
        cloneBaseUrl: z => z.string(),
        infraRepo: z => z.string(),
        trafficProvider: z => z.string(),
        publicZones: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const c = await readPlatformContext(
        config,
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      const wanted = ctx.input.clusters;
      const unknown = (wanted ?? []).filter(
        n => !c.clusters.some(x => x.name === n),
      );
      if (unknown.length) {
        throw new Error(`not registered clusters: ${unknown.join(', ')}`);
      }
      // Registry order, so the rendered files do not depend on click order.
      const clusters = c.clusters.filter(
        x => !wanted || wanted.includes(x.name),
      );
      ctx.output('clusters', clusters as unknown as Record<string, string>[]);
      ctx.output(
        'clusterNames',
        clusters.map(x => x.name),
      );
      ctx.output(
        'entryPointTargets',
        clusters.map(x => `${x.name}=${x.ingress}`).join(','),
      );
      ctx.output('cloneBaseUrl', c.cloneBaseUrl);
      ctx.output('infraRepo', c.infraRepo);
      ctx.output('trafficProvider', c.trafficProvider);
      ctx.output('publicZones', c.publicZones);
    },
  });
}
