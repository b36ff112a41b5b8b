import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterRegistrations } from '@internal/plugin-platform-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  annotations,
  CLUSTER_RESOURCE_TYPE,
  ENTRY_POINT_RESOURCE_TYPE,
  isFromInfraRepo,
  providers,
} from '@internal/plugin-platform-common';

const providerOrder: string[] = Object.keys(providers);

/** Set on every entity the forge's catalog provider reads: the repo it came from. */
export const SOURCE_REPO_ANNOTATION = annotations.sourceRepo;

export interface ContextCluster {
  name: string;
  provider: string;
  region: string;
  upgradeRing: string;
  kubernetesVersion: string;
  /** The cluster ingress' public name (registry `spec.entryPoint`). */
  entryPoint: string;
  /** Where the portal's traffic provider sends the cluster's share (config, else entryPoint). */
  ingress: string;
}

export interface PlatformContext {
  clusters: ContextCluster[];
  /** Systems and Components already in the catalog, with the forge repo they came from. */
  taken: Array<{ name: string; sourceRepo?: string }>;
  publicZones: string[];
  /** The DNS provider's id of each public zone (what EntryPoint.spec.zoneId names). */
  zoneIds: Record<string, string>;
  cloneBaseUrl: string;
  infraRepo: string;
  /** The portal's traffic provider for new entry points. */
  trafficProvider: string;
  /** The platform's container registry (`trinity.images.registry`), if configured. */
  imageRegistry?: string;
  /** Hostnames the infra repo gives products (entry-point Resources). */
  entryPoints: Array<{ hostname: string; system: string }>;
}

/**
 * What the templates need to know about the platform, read with the
 * initiator's credentials: the cluster registry, taken names, zones, forge
 * URLs. One read serves the wizard's checks and the rendered files.
 */
export async function readPlatformContext(
  config: Config,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<PlatformContext> {
  const { items: clusters } = await catalog.getEntities(
    { filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE } },
    { credentials },
  );
  const { items: named } = await catalog.getEntities(
    {
      filter: [{ kind: 'System' }, { kind: 'Component' }],
      fields: [
        'metadata.name',
        `metadata.annotations.${SOURCE_REPO_ANNOTATION}`,
      ],
    },
    { credentials },
  );
  const { items: entryPoints } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': ENTRY_POINT_RESOURCE_TYPE },
      fields: ['metadata.annotations', 'spec.hostname', 'spec.system'],
    },
    { credentials },
  );
  const zones = config.getOptionalConfigArray('trinity.publicZones') ?? [];
  const registrations = ClusterRegistrations.fromConfig(config);
  return {
    clusters: clusters
      .map(entity => {
        const spec = (entity.spec ?? {}) as Record<string, unknown>;
        const name = entity.metadata.name;
        return {
          name,
          provider: String(spec.provider),
          region: String(spec.region),
          upgradeRing: String(spec.upgradeRing),
          kubernetesVersion: String(spec.kubernetesVersion),
          entryPoint: String(spec.entryPoint),
          ingress:
            registrations.of(name)?.getOptionalString('ingress') ??
            String(spec.entryPoint),
        };
      })
      // Cloud order, then name: the order products list their clusters in.
      .sort(
        (left, right) =>
          providerOrder.indexOf(left.provider) -
            providerOrder.indexOf(right.provider) ||
          left.name.localeCompare(right.name),
      ),
    taken: named.map(entity => ({
      name: entity.metadata.name,
      sourceRepo: entity.metadata.annotations?.[SOURCE_REPO_ANNOTATION],
    })),
    publicZones: zones.map(zone => zone.getString('name')),
    zoneIds: Object.fromEntries(
      zones.map(zone => [zone.getString('name'), zone.getString('zoneId')]),
    ),
    cloneBaseUrl:
      config.getOptionalString('trinity.forge.cloneBaseUrl') ??
      'https://git.trinity.example',
    infraRepo:
      config.getOptionalString('trinity.forge.infraRepo') ?? 'platform/infra',
    trafficProvider:
      config.getOptionalString('trinity.traffic.defaultProvider') ?? 'route53',
    imageRegistry: config.getOptionalString('trinity.images.registry'),
    entryPoints: entryPoints.filter(isFromInfraRepo).map(entity => ({
      hostname: String(entity.spec?.hostname),
      system: String(entity.spec?.system),
    })),
  };
}
