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
import { ClusterRegistrations } from '@internal/plugin-platform-node';

/**
 * Endpoints of one cluster, from its registration (`trinity.clusters.<name>`
 * or its file in the registrations directory: platform-node's
 * ClusterRegistrations).
 */
export interface ClusterEndpoints {
  kubernetes?: { url: string; authProvider?: string; caData?: string };
  argocd?: { url: string; uiUrl?: string };
  prometheus?: { url: string };
}

/** The endpoints a registration names (a URL is required for each it has). */
function endpointsOf(
  registration: Config | undefined,
): ClusterEndpoints | undefined {
  if (!registration) return undefined;
  return {
    kubernetes: registration.has('kubernetes')
      ? {
          url: registration.getString('kubernetes.url'),
          authProvider: registration.getOptionalString(
            'kubernetes.authProvider',
          ),
          caData: registration.getOptionalString('kubernetes.caData'),
        }
      : undefined,
    argocd: registration.has('argocd.url')
      ? {
          url: registration.getString('argocd.url'),
          uiUrl: registration.getOptionalString('argocd.uiUrl'),
        }
      : undefined,
    prometheus: registration.has('prometheus')
      ? { url: registration.getString('prometheus.url') }
      : undefined,
  };
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
    const registrations = ClusterRegistrations.fromConfig(config);
    const registry = (
      config.getOptionalConfigArray('trinity.clusterRegistry.locations') ?? []
    ).map(location =>
      locationRef({
        type: location.getString('type'),
        target: location.getString('target'),
      }),
    );
    return new ClusterRegistryProcessor(
      name => endpointsOf(registrations.of(name)),
      registry,
      config.getOptionalString('app.baseUrl'),
    );
  }

  constructor(
    /** A cluster's endpoints from its registration, read when it is processed. */
    private readonly endpoints: (name: string) => ClusterEndpoints | undefined,
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
    const bound = this.endpoints(name);
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
