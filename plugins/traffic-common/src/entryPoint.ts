import { Entity } from '@backstage/catalog-model';
import { annotations } from '@internal/plugin-platform-common';

/**
 * The entry-point contract on a product (System):
 *
 * - `trinity.io/entry-point`: the public DNS name (`shop.trinity.example`);
 * - `trinity.io/entry-point-provider`: `powerdns`, `route53` or `cloudflare`;
 * - `trinity.io/entry-point-targets`: each cluster's target,
 *   `aws-use1-prod-01=127.0.0.11,gcp-euw1-prod-01=127.0.0.12` (an address
 *   or a hostname, as the provider needs it);
 * - the tier from the `tier-1` … tag or `trinity.io/tier`, which sets how
 *   many healthy serving clusters must remain (tier-1: 2, others: 1).
 */
export const entryPointAnnotations = {
  name: annotations.entryPoint,
  provider: 'trinity.io/entry-point-provider',
  targets: 'trinity.io/entry-point-targets',
  tier: 'trinity.io/tier',
} as const;

export const providerIds = ['powerdns', 'route53', 'cloudflare'] as const;
export type ProviderId = (typeof providerIds)[number];

export interface EntryPointSpec {
  /** Fully qualified, no trailing dot, lower case. */
  name: string;
  provider: ProviderId;
  targets: Array<{ cluster: string; target: string }>;
  tier: string;
}

const dnsName =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Reads and checks an entity's entry point. Returns `undefined` when the
 * entity declares none, and throws with every problem named when the
 * declaration is broken (the page shows it instead of guessing).
 */
export function entryPointOf(entity: Entity): EntryPointSpec | undefined {
  const a = entity.metadata.annotations ?? {};
  const raw = a[entryPointAnnotations.name];
  if (!raw) return undefined;
  const problems: string[] = [];
  const name = raw.trim().toLocaleLowerCase('en-US').replace(/\.$/, '');
  if (!dnsName.test(name)) {
    problems.push(`${entryPointAnnotations.name} "${raw}" is not a DNS name`);
  }
  const provider = a[entryPointAnnotations.provider];
  if (!provider) {
    problems.push(`${entryPointAnnotations.provider} is missing`);
  } else if (!providerIds.includes(provider as ProviderId)) {
    problems.push(
      `${entryPointAnnotations.provider} must be one of ${providerIds.join(
        ', ',
      )} (got "${provider}")`,
    );
  }
  const targets: EntryPointSpec['targets'] = [];
  for (const pair of (a[entryPointAnnotations.targets] ?? '')
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const [cluster, target, extra] = pair.split('=').map(p => p.trim());
    if (!cluster || !target || extra !== undefined) {
      problems.push(
        `${entryPointAnnotations.targets}: "${pair}" is not <cluster>=<target>`,
      );
    } else if (targets.some(t => t.cluster === cluster)) {
      problems.push(
        `${entryPointAnnotations.targets}: ${cluster} is listed twice`,
      );
    } else {
      targets.push({ cluster, target });
    }
  }
  if (targets.length === 0 && !problems.some(p => p.includes('targets'))) {
    problems.push(`${entryPointAnnotations.targets} names no cluster`);
  }
  if (problems.length) {
    throw new Error(`invalid entry point: ${problems.join('; ')}`);
  }
  return {
    name,
    provider: provider as ProviderId,
    targets,
    tier: tierOf(entity),
  };
}

/** `trinity.io/tier`, else a `tier-N` tag, else `tier-3`. */
export function tierOf(entity: Entity): string {
  const explicit = entity.metadata.annotations?.[entryPointAnnotations.tier];
  if (explicit) return explicit;
  return (
    (entity.metadata.tags ?? []).find(t => /^tier-\d$/.test(t)) ?? 'tier-3'
  );
}
