import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
  return {
    clusters: clusters
      .map(e => {
        const s = (e.spec ?? {}) as Record<string, unknown>;
        const name = e.metadata.name;
        return {
          name,
          provider: String(s.provider),
          region: String(s.region),
          upgradeRing: String(s.upgradeRing),
          kubernetesVersion: String(s.kubernetesVersion),
          entryPoint: String(s.entryPoint),
          ingress:
            config.getOptionalString(`trinity.clusters.${name}.ingress`) ??
            String(s.entryPoint),
        };
      })
      // Cloud order, then name: the order products list their clusters in.
      .sort(
        (a, b) =>
          providerOrder.indexOf(a.provider) -
            providerOrder.indexOf(b.provider) || a.name.localeCompare(b.name),
      ),
    taken: named.map(e => ({
      name: e.metadata.name,
      sourceRepo: e.metadata.annotations?.[SOURCE_REPO_ANNOTATION],
    })),
    publicZones: zones.map(z => z.getString('name')),
    zoneIds: Object.fromEntries(
      zones.map(z => [z.getString('name'), z.getString('zoneId')]),
    ),
    cloneBaseUrl:
      config.getOptionalString('trinity.forge.cloneBaseUrl') ??
      'https://git.trinity.example',
    infraRepo:
      config.getOptionalString('trinity.forge.infraRepo') ?? 'platform/infra',
    trafficProvider:
      config.getOptionalString('trinity.traffic.defaultProvider') ?? 'route53',
    entryPoints: entryPoints.filter(isFromInfraRepo).map(e => ({
      hostname: String(e.spec?.hostname),
      system: String(e.spec?.system),
    })),
  };
}
