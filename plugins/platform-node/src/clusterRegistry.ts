import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CLUSTER_RESOURCE_TYPE,
  clusterEndpointAnnotations,
} from '@internal/plugin-platform-common';

/** A cluster as backends need it: registry summary and where its APIs are. */
export interface RegisteredCluster {
  name: string;
  title: string;
  provider: string;
  region: string;
  upgradeRing: string;
  /** Minor version the registry says the cluster runs (`1.33`). */
  kubernetesVersion?: string;
  /** Bound from config by the cluster-registry module, registry clusters only. */
  endpoints: {
    kubernetes?: string;
    argocd?: string;
    argocdUi?: string;
    prometheus?: string;
  };
}

/**
 * The cluster registry as backends need it, read from the catalog's cluster
 * Resources (validated and endpoint-bound by the cluster-registry module).
 * Read with the plugin's own credentials: the registry is platform data, and
 * what a user may see of an entity is checked separately, with theirs.
 */
export class ClusterDirectory {
  private cached?: { at: number; clusters: Map<string, RegisteredCluster> };

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async byName(): Promise<Map<string, RegisteredCluster>> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? 30_000;
    if (this.cached && now - this.cached.at < ttl) {
      return this.cached.clusters;
    }
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE } },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const clusters = new Map(
      items.map(entity => [entity.metadata.name, toCluster(entity)]),
    );
    this.cached = { at: now, clusters };
    return clusters;
  }
}

export function toCluster(entity: Entity): RegisteredCluster {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const annotations = entity.metadata.annotations ?? {};
  return {
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    provider: String(spec.provider ?? 'unknown'),
    region: String(spec.region ?? 'unknown'),
    upgradeRing: String(spec.upgradeRing ?? 'unknown'),
    kubernetesVersion:
      spec.kubernetesVersion === undefined
        ? undefined
        : String(spec.kubernetesVersion),
    endpoints: {
      kubernetes: annotations['kubernetes.io/api-server'],
      argocd: annotations[clusterEndpointAnnotations.argocdUrl],
      argocdUi: annotations[clusterEndpointAnnotations.argocdUiUrl],
      prometheus: annotations[clusterEndpointAnnotations.prometheusUrl],
    },
  };
}
