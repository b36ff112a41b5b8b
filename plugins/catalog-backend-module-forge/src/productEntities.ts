import { Entity } from '@backstage/catalog-model';
import { fullRef } from '@internal/plugin-platform-common';
import { parseRepoRef } from '@internal/plugin-forge-node';

/** The kinds a product repository may declare. */
export const PRODUCT_KINDS = ['System', 'Component', 'API'];

/**
 * What the catalog takes from a product repository (`<team>/<product>`):
 * its System — named after the repository and owned by the team the
 * repository belongs to — and the Components and APIs of that System with
 * the same owner. Anything else in its files (a Resource such as a cluster
 * or an entry point, a Group, a User, a Location, another product's
 * System) is left out with the reason, so a repository's owners cannot
 * give themselves more than their product.
 */
export function productEntities(
  repo: string,
  entities: Entity[],
): { accepted: Entity[]; refused: string[] } {
  const { owner, name } = parseRepoRef(repo);
  const team = `group:default/${owner}`;
  const system = `system:default/${name}`;
  const accepted: Entity[] = [];
  const refused: string[] = [];
  for (const entity of entities) {
    const what = `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`;
    let problem: string | undefined;
    try {
      problem = problemOf(entity, { team, system, name });
    } catch (error) {
      // A malformed reference is this entity's problem, not the repository's.
      problem = (error as Error).message;
    }
    if (problem) refused.push(`${repo}: ${what} left out: ${problem}`);
    else accepted.push(entity);
  }
  return { accepted, refused };
}

function problemOf(
  entity: Entity,
  product: { team: string; system: string; name: string },
): string | undefined {
  if (!PRODUCT_KINDS.includes(entity.kind)) {
    return `a product repository declares only ${PRODUCT_KINDS.join(
      ', ',
    )}, not ${entity.kind}`;
  }
  if ((entity.metadata.namespace ?? 'default') !== 'default') {
    return 'products live in the default namespace';
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || fullRef(owner, 'group') !== product.team) {
    return `its owner must be ${product.team}, the team the repository belongs to (got ${owner})`;
  }
  if (entity.kind === 'System') {
    return entity.metadata.name === product.name
      ? undefined
      : `the repository's System is ${product.name}, named after the repository`;
  }
  const system = entity.spec?.system;
  if (
    typeof system !== 'string' ||
    fullRef(system, 'system') !== product.system
  ) {
    return `it must be part of ${product.system} (got ${
      system ?? 'no system'
    })`;
  }
  return undefined;
}
