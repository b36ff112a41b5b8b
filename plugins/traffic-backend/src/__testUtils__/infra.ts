import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalForge } from '@internal/plugin-forge-node';
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

/**
 * The infra repo on a local forge (the embedded default's bare Git
 * repositories) holding storefront's tenant as infra/ has it — what the
 * release actions read and open pull requests on. `edit` changes the
 * checkout before the first commit (a release already on ring-0, say).
 */
export async function infraForge(edit?: (tenantDir: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-traffic-forge-'));
  const forge = new LocalForge({
    directory: path.join(dir, 'forge'),
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl: 'http://portal.test',
  });
  const tenant = path.join(dir, 'seed/tenants/storefront');
  fs.cpSync(
    path.resolve(__dirname, '../../../../infra/tenants/storefront'),
    tenant,
    { recursive: true },
  );
  edit?.(tenant);
  await forge.createRepo('platform/infra', path.join(dir, 'seed'), {
    message: 'seed',
    author: { name: 'platform', email: 'platform@users.noreply.invalid' },
  });
  return { forge, dir };
}
