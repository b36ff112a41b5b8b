import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ContextCluster, readPlatformContext } from './platformContext';

const minor = (version: string) =>
  Number(/^1\.(\d+)$/.exec(version)?.[1] ?? NaN);

/**
 * Why an upgrade of `ring` to `version` may not go ahead, or undefined.
 * Kubernetes upgrades one minor version at a time, and a ring goes only
 * after every earlier ring runs the version (ring-0 first).
 */
export function upgradeProblem(
  clusters: ContextCluster[],
  ring: string,
  version: string,
): string | undefined {
  const target = minor(version);
  if (Number.isNaN(target))
    return `"${version}" is not a Kubernetes minor version like 1.34`;
  const inRing = clusters.filter(cluster => cluster.upgradeRing === ring);
  if (inRing.length === 0) return `no registered cluster is in ${ring}`;
  for (const cluster of inRing) {
    const current = minor(cluster.kubernetesVersion);
    if (target !== current + 1) {
      return `${cluster.name} runs ${
        cluster.kubernetesVersion
      }: it can only go to 1.${current + 1}`;
    }
  }
  const ringNumber = Number(ring.replace('ring-', ''));
  const behind = clusters.filter(
    cluster =>
      Number(cluster.upgradeRing.replace('ring-', '')) < ringNumber &&
      minor(cluster.kubernetesVersion) < target,
  );
  if (behind.length) {
    return `earlier rings first: ${behind
      .map(
        cluster =>
          `${cluster.name} (${cluster.upgradeRing}, ${cluster.kubernetesVersion})`,
      )
      .join(', ')}`;
  }
  return undefined;
}

/** `trinity:cluster-upgrade:plan`: which clusters a ring upgrade touches, if it may go ahead. */
export function createUpgradePlanAction(
  config: Config,
  catalog: CatalogService,
) {
  return createTemplateAction({
    id: 'trinity:cluster-upgrade:plan',
    description:
      'Checks a ring upgrade against the registry and lists its clusters.',
    supportsDryRun: true,
    schema: {
      input: {
        ring: zod => zod.enum(['ring-0', 'ring-1', 'ring-2']),
        version: zod => zod.string(),
      },
      output: { clusters: zod => zod.array(zod.string()) },
    },
    async handler(ctx) {
      const platform = await readPlatformContext(
        config,
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      const problem = upgradeProblem(
        platform.clusters,
        ctx.input.ring,
        ctx.input.version,
      );
      if (problem) throw new InputError(problem);
      ctx.output(
        'clusters',
        platform.clusters
          .filter(cluster => cluster.upgradeRing === ctx.input.ring)
          .map(cluster => cluster.name),
      );
    },
  });
}
