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
  private reading?: Promise<Map<string, RegisteredCluster>>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs?: number;
      /** How old the list may be before a missing name reads it again. */
      missRetryMs?: number;
      now?: () => number;
    },
  ) {}

  /**
   * The registered clusters by name, read at most every `ttlMs`. A name in
   * `expected` that the cached list lacks makes it read again if that list
   * is more than `missRetryMs` old: a cluster the catalog ingested a moment
   * ago (the portal's first seconds, a new cluster's merge) is not shown as
   * "not in the cluster registry" for a whole TTL.
   */
  async byName(
    expected: string[] = [],
  ): Promise<Map<string, RegisteredCluster>> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? 30_000;
    const age = this.cached ? now - this.cached.at : Infinity;
    const missing = expected.some(name => !this.cached?.clusters.has(name));
    if (
      this.cached &&
      age < ttl &&
      !(missing && age >= (this.options.missRetryMs ?? 2_000))
    ) {
      return this.cached.clusters;
    }
    // Every product of a refresh round asks at once when the list has
    // expired: one catalog read serves them all.
    this.reading ??= this.read(now).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(now: number): Promise<Map<string, RegisteredCluster>> {
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
