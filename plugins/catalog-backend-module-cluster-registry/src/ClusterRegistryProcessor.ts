import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import {
  CLUSTER_RESOURCE_TYPE,
  clusterEndpointAnnotations,
  clusterLabels,
  ClusterSpec,
  providers,
  RUNBOOKS,
  runbookHref,
  validateClusterSpec,
} from '@internal/plugin-platform-common';

/** Endpoints of one cluster, as read from `trinity.clusters.<name>`. */
interface ClusterEndpoints {
  kubernetes?: { url: string; authProvider?: string; caData?: string };
  argocd?: { url: string; uiUrl?: string };
  prometheus?: { url: string };
}

/**
 * Annotations through which a catalog entity would tell the core
 * Kubernetes plugin and the fleet where to send requests (and with what
 * credentials). Only this processor writes them, from config.
 */
const ENDPOINT_ANNOTATION =
  /^(kubernetes\.io\/|trinity\.io\/(argocd-url|argocd-ui-url|prometheus-url)$)/;

/** A location as the catalog names an entity's origin: `type:target`, file targets absolute. */
export function locationRef(location: LocationSpec): string {
  return `${location.type}:${
    location.type === 'file' ? path.resolve(location.target) : location.target
  }`;
}

/**
 * The runbooks every cluster's page links, from platform-common's list.
 * Absolute: the catalog accepts only absolute link URLs.
 */
function clusterRunbooks(appBaseUrl: string) {
  return [
    {
      title: 'Runbook: a cluster is down',
      section: RUNBOOKS.clusterUnreachable,
    },
    { title: 'Runbook: evacuate a cloud', section: RUNBOOKS.evacuate },
    { title: 'Runbook: upgrade a cluster', section: RUNBOOKS.versionSkew },
  ].map(runbook => ({
    url: `${appBaseUrl.replace(/\/$/, '')}${runbookHref(runbook.section)}`,
    title: runbook.title,
    icon: 'docs',
  }));
}

/**
 * Keeps the cluster registry honest and makes it the only one:
 *
 * - rejects a `kubernetes-cluster` Resource whose spec breaks the registry
 *   contract, with an error naming each field;
 * - links the cluster runbooks (down, evacuate, upgrade) from its page;
 * - derives the selectable labels (provider, region, environment, ring) from
 *   the spec, so they cannot disagree with it;
 * - writes the cluster's endpoints from config into the annotations the core
 *   Kubernetes plugin's catalog cluster locator reads, so that plugin and the
 *   fleet plugins use the same clusters as the catalog — only for clusters
 *   whose entity comes from the registry's location
 *   (`trinity.clusterRegistry.locations`). Endpoint annotations an entity
 *   brings itself are always dropped: a Resource registered from anywhere
 *   else cannot point the portal's requests at an address of its choosing.
 */
export class ClusterRegistryProcessor implements CatalogProcessor {
  static fromConfig(config: Config) {
    const clusters = config.getOptionalConfig('trinity.clusters');
    const endpoints = new Map<string, ClusterEndpoints>();
    for (const name of clusters?.keys() ?? []) {
      const cluster = clusters!.getConfig(name);
      endpoints.set(name, {
        kubernetes: cluster.has('kubernetes')
          ? {
              url: cluster.getString('kubernetes.url'),
              authProvider: cluster.getOptionalString(
                'kubernetes.authProvider',
              ),
              caData: cluster.getOptionalString('kubernetes.caData'),
            }
          : undefined,
        argocd: cluster.has('argocd')
          ? {
              url: cluster.getString('argocd.url'),
              uiUrl: cluster.getOptionalString('argocd.uiUrl'),
            }
          : undefined,
        prometheus: cluster.has('prometheus')
          ? { url: cluster.getString('prometheus.url') }
          : undefined,
      });
    }
    const registry = (
      config.getOptionalConfigArray('trinity.clusterRegistry.locations') ?? []
    ).map(location =>
      locationRef({
        type: location.getString('type'),
        target: location.getString('target'),
      }),
    );
    return new ClusterRegistryProcessor(
      endpoints,
      registry,
      config.getOptionalString('app.baseUrl'),
    );
  }

  constructor(
    private readonly endpoints: Map<string, ClusterEndpoints>,
    /** The registry's locations (`type:target`); entities from elsewhere get no endpoints. */
    private readonly registryLocations: string[] = [],
    /** Where the portal answers, for the runbook links; none without it. */
    appBaseUrl?: string,
  ) {
    this.runbooks = appBaseUrl ? clusterRunbooks(appBaseUrl) : [];
  }

  private readonly runbooks: Array<{
    url: string;
    title: string;
    icon: string;
  }>;

  getProcessorName() {
    return 'ClusterRegistryProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit?: unknown,
    originLocation?: LocationSpec,
  ): Promise<Entity> {
    if (
      entity.kind !== 'Resource' ||
      entity.spec?.type !== CLUSTER_RESOURCE_TYPE
    ) {
      return entity;
    }
    const own = Object.fromEntries(
      Object.entries(entity.metadata.annotations ?? {}).filter(
        ([key]) => !ENDPOINT_ANNOTATION.test(key),
      ),
    );
    const fromRegistry =
      !!originLocation &&
      this.registryLocations.includes(locationRef(originLocation));
    const name = entity.metadata.name;
    const result = validateClusterSpec(entity.spec);
    if (!result.ok) {
      const lines = result.problems.map(
        problem => `${problem.field} ${problem.message}`,
      );
      throw new InputError(
        `Cluster ${name} is not a valid registry entry: ${lines.join('; ')}`,
      );
    }
    const links = entity.metadata.links ?? [];
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        // What on-call opens from the cluster's page.
        links: [
          ...links,
          ...this.runbooks.filter(
            runbook => !links.some(link => link.url === runbook.url),
          ),
        ],
        labels: { ...entity.metadata.labels, ...labelsOf(result.spec) },
        annotations: {
          ...own,
          ...(fromRegistry ? this.endpointAnnotations(name, result.spec) : {}),
        },
      },
    };
  }

  private endpointAnnotations(
    name: string,
    spec: ClusterSpec,
  ): Record<string, string> {
    const bound = this.endpoints.get(name);
    const out: Record<string, string> = {};
    if (bound?.kubernetes) {
      out['kubernetes.io/api-server'] = bound.kubernetes.url;
      out['kubernetes.io/api-server-certificate-authority'] =
        bound.kubernetes.caData ?? '';
      out['kubernetes.io/auth-provider'] =
        bound.kubernetes.authProvider ??
        providers[spec.provider].kubernetesAuthProvider;
    }
    if (bound?.argocd) {
      out[clusterEndpointAnnotations.argocdUrl] = bound.argocd.url;
      out[clusterEndpointAnnotations.argocdUiUrl] =
        bound.argocd.uiUrl ?? bound.argocd.url;
    }
    if (bound?.prometheus) {
      out[clusterEndpointAnnotations.prometheusUrl] = bound.prometheus.url;
    }
    return out;
  }
}

function labelsOf(spec: ClusterSpec): Record<string, string> {
  return {
    [clusterLabels.provider]: spec.provider,
    [clusterLabels.region]: spec.region,
    [clusterLabels.environment]: spec.environment,
    [clusterLabels.upgradeRing]: spec.upgradeRing,
  };
}
