import { Entity } from '@backstage/catalog-model';
import {
  entryPointEntity,
  tenantEntity,
} from '@internal/plugin-platform-common';

/**
 * A product as the infra repo declares it, in the catalog as the infra-repo
 * provider writes it: its tenant (owner = the team label, clusters, the
 * services' ApplicationSet) and one EntryPoint whose targets are the
 * registry's ingress names (the portal maps them with
 * trinity.clusters.<c>.ingress).
 */
export function infraProduct(options: {
  product: string;
  team: string;
  hostname: string;
  clusters: string[];
}): Entity[] {
  const { product, team, hostname, clusters } = options;
  const owner = `group:default/${team}`;
  const system = `system:default/${product}`;
  return [
    tenantEntity(
      {
        type: 'tenant',
        owner,
        system,
        namespace: product,
        clusters,
        argocd: {
          project: team,
          selector: `app.kubernetes.io/part-of=${product}`,
        },
        path: `tenants/${product}`,
      },
      'platform/infra',
    ),
    entryPointEntity(
      {
        type: 'entry-point',
        owner,
        system,
        hostname,
        zoneId: 'Z0TRINITYEXAMPLE0000001',
        provider: 'route53',
        targets: clusters.map(cluster => ({
          cluster,
          address: `ingress.${cluster}.clusters.trinity.example`,
        })),
        path: `tenants/${product}/management/entrypoint.yaml`,
      },
      'platform/infra',
    ),
  ];
}

/** A product System with the annotations its template writes. */
export function productSystem(options: {
  product: string;
  team: string;
  hostname?: string;
  tags?: string[];
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: options.product,
      namespace: 'default',
      tags: options.tags ?? ['tier-1'],
      annotations: options.hostname
        ? { 'trinity.io/entry-point': options.hostname }
        : {},
    },
    spec: { owner: `group:default/${options.team}` },
  };
}
