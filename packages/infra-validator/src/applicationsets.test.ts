/*
 * ApplicationSet expansion against the repo: the storefront's services come
 * from its git files generator, one Application per service and cluster.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { argoClusters, renderApplicationSet } from './applicationsets';
import { defaultInfraRepoUrl } from './validate';

const infraDir = path.resolve(__dirname, '../../../infra');

const manifestsOf = (dir: string) =>
  fs
    .readdirSync(path.join(infraDir, dir))
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(
        fs.readFileSync(path.join(infraDir, dir, f), 'utf8'),
      ).map((d, index) => ({
        file: `${dir}/${f}`,
        index,
        object: d.toJS() as Record<string, unknown>,
      })),
    );

describe('renderApplicationSet', () => {
  const clusters = argoClusters(manifestsOf('argocd/clusters'));
  const [, services] = manifestsOf('tenants/storefront/appset').map(
    m => m.object,
  );

  it('expands a git files generator in a matrix with the clusters', () => {
    const apps = renderApplicationSet(services, {
      clusters,
      infraDir,
      infraRepoUrl: defaultInfraRepoUrl,
    });
    expect(apps.map(a => [a.metadata.name, a.spec.source.path]).sort()).toEqual(
      [
        [
          'storefront-api-aws-use1-prod-01',
          'services/storefront-api/deploy/overlays/aws',
        ],
        [
          'storefront-api-azure-eastus-prod-01',
          'services/storefront-api/deploy/overlays/azure',
        ],
        [
          'storefront-api-gcp-euw1-prod-01',
          'services/storefront-api/deploy/overlays/gcp',
        ],
        [
          'storefront-web-aws-use1-prod-01',
          'services/storefront-web/deploy/overlays/aws',
        ],
        [
          'storefront-web-azure-eastus-prod-01',
          'services/storefront-web/deploy/overlays/azure',
        ],
        [
          'storefront-web-gcp-euw1-prod-01',
          'services/storefront-web/deploy/overlays/gcp',
        ],
      ],
    );
  });

  it('gives the path parameters Argo CD gives', () => {
    const withPath = {
      ...services,
      spec: {
        ...(services.spec as object),
        template: {
          metadata: { name: '{{.path.basename}}-{{.path.filenameNormalized}}' },
          spec: {},
        },
      },
    };
    const names = renderApplicationSet(withPath, {
      clusters: clusters.slice(0, 1),
      infraDir,
      infraRepoUrl: defaultInfraRepoUrl,
    }).map(a => a.metadata.name);
    expect(names.sort()).toEqual([
      'services-storefront-api.yaml',
      'services-storefront-web.yaml',
    ]);
  });
});
