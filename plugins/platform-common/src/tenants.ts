import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * What the infra repo says a product is: its tenant (`tenants/<product>/`)
 * and its global entry points (`tenants/<product>/management/*.yaml`,
 * Crossplane `EntryPoint`s). The infra repo is reviewed — a change reaches
 * its default branch only through a merged pull request — so these, and
 * not a product's own catalog annotations, decide what a traffic action or
 * the auto-sync kill switch may touch (docs/security.md).
 *
 * The catalog holds them as Resources written by one provider that reads
 * the infra repo (catalog-backend-module-forge's InfraTenantProvider);
 * the catalog refuses them from anywhere else.
 */
export const TENANT_RESOURCE_TYPE = 'tenant';
export const ENTRY_POINT_RESOURCE_TYPE = 'entry-point';

/**
 * The location type of every entity the infra-repo provider writes
 * (`backstage.io/managed-by-location: trinity-infra:<repo>/<path>`); an
 * entity of the two types above with any other location is not trusted.
 */
export const INFRA_LOCATION_TYPE = 'trinity-infra';

/** A product's tenant, as the infra repo's tenants/<product>/ declares it. */
export interface TenantSpec {
  type: typeof TENANT_RESOURCE_TYPE;
  /** The team that owns the tenant (the tenant's `team` label), as a group ref. */
  owner: string;
  /** The product (System) the tenant is for: `system:default/<product>`. */
  system: string;
  /** The product's namespace on every cluster. */
  namespace: string;
  /** The clusters the tenant has an overlay for (tenants/<product>/clusters/<cluster>). */
  clusters: string[];
  /**
   * The product's Argo CD applications: the AppProject its services'
   * ApplicationSet deploys into, and the label selector its applications
   * carry. Absent when the tenant has no such ApplicationSet.
   */
  argocd?: { project: string; selector: string };
  /** The tenant's folder in the infra repo, e.g. `tenants/storefront`. */
  path: string;
}

/** One of a product's global entry points, from its Crossplane EntryPoint. */
export interface EntryPointRegistration {
  type: typeof ENTRY_POINT_RESOURCE_TYPE;
  owner: string;
  system: string;
  /** The public DNS name, lower case, no trailing dot. */
  hostname: string;
  zoneId: string;
  /** The EntryPoint's `spec.provider` (route53, cloudflare). */
  provider: string;
  targets: Array<{ cluster: string; address: string }>;
  /** The file it was read from, e.g. `tenants/storefront/management/entrypoint.yaml`. */
  path: string;
}

/** Backstage entity names allow dots but not 253 characters. */
export function entryPointEntityName(hostname: string): string {
  if (hostname.length <= 63) return hostname;
  let hash = 0;
  for (const ch of hostname) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${hostname.slice(0, 54)}-${hash.toString(16).padStart(8, '0')}`;
}

/** A group or system reference in its full form, for comparisons. */
export function fullRef(ref: string, defaultKind: 'group' | 'system'): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/**
 * Whether an entity of the two infra types came from the infra-repo
 * provider. The catalog refuses them from elsewhere; readers check again,
 * so a mistake in catalog rules does not open the door.
 */
export function isFromInfraRepo(entity: Entity): boolean {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
  return location.startsWith(`${INFRA_LOCATION_TYPE}:`);
}

function infraAnnotations(infraRepo: string, file: string) {
  return {
    [ANNOTATION_LOCATION]: `${INFRA_LOCATION_TYPE}:${infraRepo}/${file}`,
    [ANNOTATION_ORIGIN_LOCATION]: `${INFRA_LOCATION_TYPE}:${infraRepo}`,
  };
}

/** The catalog Resource of a tenant, as the infra-repo provider writes it. */
export function tenantEntity(tenant: TenantSpec, infraRepo: string): Entity {
  const product = parseEntityRef(tenant.system).name;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `tenant-${product}`,
      namespace: 'default',
      title: `${product} tenant`,
      description: `What the infra repo (${tenant.path}) gives ${product}: its namespace on ${tenant.clusters.length} cluster(s), its team and its Argo CD applications.`,
      annotations: infraAnnotations(infraRepo, tenant.path),
    },
    spec: { ...tenant },
  };
}

/** The catalog Resource of an entry point, as the infra-repo provider writes it. */
export function entryPointEntity(
  entryPoint: EntryPointRegistration,
  infraRepo: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entryPointEntityName(entryPoint.hostname),
      namespace: 'default',
      title: entryPoint.hostname,
      description: `The global entry point ${entryPoint.hostname}, declared in the infra repo (${entryPoint.path}).`,
      annotations: infraAnnotations(infraRepo, entryPoint.path),
    },
    spec: { ...entryPoint },
  };
}
