import { Entity } from '@backstage/catalog-model';
import {
  annotations,
  EntryPointRegistration,
} from '@internal/plugin-platform-common';

/**
 * A product's global entry point as the traffic family acts on it. It is
 * built from the infra repo's EntryPoint (hostname, clusters, addresses,
 * owner — reviewed, see platform-common's tenants.ts), never from the
 * product's own annotations: `trinity.io/entry-point` on a System is only
 * a claim the catalog checks against the infra repo.
 *
 * The tier (`trinity.io/tier`, else a `tier-N` tag) sets how many healthy
 * serving clusters must remain (tier-1: 2, others: 1).
 */

export interface EntryPointSpec {
  /** Fully qualified, no trailing dot, lower case. */
  name: string;
  /**
   * The provider module's id (powerdns, route53, cloudflare, …): whichever
   * providers are registered at the traffic extension point; the backend
   * says when one is not configured on this portal.
   */
  provider: string;
  targets: Array<{ cluster: string; target: string }>;
  tier: string;
}

/** How the portal reaches what an EntryPoint names (app-config, not the product's files). */
export interface EntryPointBinding {
  /**
   * The provider holding each public zone, when it is not the EntryPoint's
   * own `spec.provider` (the embedded default plays the zone with PowerDNS).
   */
  zoneProviders: Record<string, string | undefined>;
  /** Where each cluster's share goes when not the EntryPoint's address (the demo fleet's loopback ingresses). */
  ingressOf: (cluster: string) => string | undefined;
}

/** The entry point of an infra registration, as a provider acts on it. */
export function entryPointFromRegistration(
  registration: EntryPointRegistration,
  product: Entity,
  binding: EntryPointBinding,
): EntryPointSpec {
  const zone = Object.keys(binding.zoneProviders)
    .filter(zoneName => registration.hostname.endsWith(`.${zoneName}`))
    .sort((left, right) => right.length - left.length)[0];
  return {
    name: registration.hostname,
    provider: (zone && binding.zoneProviders[zone]) || registration.provider,
    targets: registration.targets.map(target => ({
      cluster: target.cluster,
      target: binding.ingressOf(target.cluster) ?? target.address,
    })),
    tier: tierOf(product),
  };
}

/** `trinity.io/tier`, else a `tier-N` tag, else `tier-3`. */
export function tierOf(entity: Entity): string {
  const explicit = entity.metadata.annotations?.[annotations.tier];
  if (explicit) return explicit;
  return (
    (entity.metadata.tags ?? []).find(tag => /^tier-\d$/.test(tag)) ?? 'tier-3'
  );
}
