import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInfraTenants } from './infraTenants';

const repositoryInfra = path.resolve(__dirname, '../../../infra');

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** An infra repo checkout in a temp dir, from relative paths and their text. */
function infraRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-tenants-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  roots.push(root);
  return root;
}

/** A tenant folder: base kustomization with a team label, one overlay per cluster. */
function tenant(
  product: string,
  options: { team?: string; clusters?: string[] } = {},
): Record<string, string> {
  const { team = `team-${product}`, clusters = ['aws-use1-prod-01'] } = options;
  const labels = team
    ? `labels:\n  - pairs:\n      team: ${team}\n      product: ${product}\n`
    : `labels:\n  - pairs:\n      product: ${product}\n`;
  return {
    [`tenants/${product}/base/kustomization.yaml`]: [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `namespace: ${product}`,
      labels,
    ].join('\n'),
    ...Object.fromEntries(
      clusters.map(c => [
        `tenants/${product}/clusters/${c}/kustomization.yaml`,
        'resources: [../../base]\n',
      ]),
    ),
  };
}

function entryPoint(options: {
  hostname: string;
  team?: string;
  clusters?: string[];
}): string {
  const { hostname, team, clusters = ['aws-use1-prod-01'] } = options;
  return [
    'apiVersion: platform.trinity.io/v1alpha1',
    'kind: EntryPoint',
    'metadata:',
    '  name: ep',
    ...(team ? ['  labels:', `    team: ${team}`] : []),
    'spec:',
    `  hostname: "${hostname}"`,
    '  zoneId: Z1',
    '  provider: route53',
    '  targets:',
    ...clusters.flatMap(c => [
      `    - cluster: ${c}`,
      `      address: ingress.${c}.example`,
    ]),
    '',
  ].join('\n');
}

describe('readInfraTenants', () => {
  it("reads the repository's storefront tenant and its entry point", async () => {
    const reading = await readInfraTenants(repositoryInfra);

    expect(reading.problems).toEqual([]);
    expect(reading.tenants).toContainEqual({
      type: 'tenant',
      owner: 'group:default/team-storefront',
      system: 'system:default/storefront',
      namespace: 'storefront',
      clusters: [
        'aws-use1-prod-01',
        'azure-eastus-prod-01',
        'gcp-euw1-prod-01',
      ],
      argocd: {
        project: 'team-storefront',
        selector: 'app.kubernetes.io/part-of=storefront',
      },
      path: 'tenants/storefront',
    });
    expect(
      reading.entryPoints.filter(e => e.system === 'system:default/storefront'),
    ).toEqual([
      {
        type: 'entry-point',
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
        hostname: 'shop.trinity.example',
        zoneId: 'Z0TRINITYEXAMPLE0000001',
        provider: 'route53',
        targets: [
          {
            cluster: 'aws-use1-prod-01',
            address: 'ingress.aws-use1-prod-01.clusters.trinity.example',
          },
          {
            cluster: 'gcp-euw1-prod-01',
            address: 'ingress.gcp-euw1-prod-01.clusters.trinity.example',
          },
          {
            cluster: 'azure-eastus-prod-01',
            address: 'ingress.azure-eastus-prod-01.clusters.trinity.example',
          },
        ],
        path: 'tenants/storefront/management/entrypoint.yaml',
      },
    ]);
  });

  it('reads nothing, and reports nothing, from a checkout without tenants/', async () => {
    const root = infraRepo({ 'README.md': 'infra\n' });

    expect(await readInfraTenants(root)).toEqual({
      tenants: [],
      entryPoints: [],
      problems: [],
    });
  });

  it('takes the team from commonLabels and leaves argocd out without a product ApplicationSet', async () => {
    const root = infraRepo({
      'tenants/wallet/base/kustomization.yaml':
        'kind: Kustomization\ncommonLabels:\n  team: team-payments\n',
      'tenants/wallet/clusters/gcp-euw1-prod-01/kustomization.yaml': '{}\n',
    });

    expect(await readInfraTenants(root)).toEqual({
      tenants: [
        {
          type: 'tenant',
          owner: 'group:default/team-payments',
          system: 'system:default/wallet',
          namespace: 'wallet',
          clusters: ['gcp-euw1-prod-01'],
          path: 'tenants/wallet',
        },
      ],
      entryPoints: [],
      problems: [],
    });
  });

  it('trusts neither tenant with a hostname both declare, and names both files', async () => {
    const root = infraRepo({
      ...tenant('storefront'),
      'tenants/storefront/management/entrypoint.yaml': entryPoint({
        hostname: 'shop.trinity.example',
      }),
      ...tenant('checkout'),
      'tenants/checkout/management/shop.yaml': entryPoint({
        hostname: 'Shop.Trinity.Example.',
      }),
      'tenants/checkout/management/pay.yaml': entryPoint({
        hostname: 'pay.trinity.example',
      }),
    });

    const reading = await readInfraTenants(root);

    expect(reading.tenants.map(t => t.system)).toEqual([
      'system:default/checkout',
      'system:default/storefront',
    ]);
    expect(reading.entryPoints.map(e => e.hostname)).toEqual([
      'pay.trinity.example',
    ]);
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]).toContain('shop.trinity.example');
    expect(reading.problems[0]).toContain(
      'tenants/checkout/management/shop.yaml',
    );
    expect(reading.problems[0]).toContain(
      'tenants/storefront/management/entrypoint.yaml',
    );
  });

  it('leaves out a tenant without a team label, with its entry points', async () => {
    const root = infraRepo({
      ...tenant('orphan', { team: '' }),
      'tenants/orphan/management/entrypoint.yaml': entryPoint({
        hostname: 'orphan.trinity.example',
      }),
      ...tenant('wallet'),
    });

    const reading = await readInfraTenants(root);

    expect(reading.tenants.map(t => t.path)).toEqual(['tenants/wallet']);
    expect(reading.entryPoints).toEqual([]);
    expect(reading.problems).toEqual([
      expect.stringContaining('tenants/orphan'),
    ]);
    expect(reading.problems[0]).toContain('no team label');
  });

  it("leaves out an EntryPoint labelled with another team than the tenant's", async () => {
    const root = infraRepo({
      ...tenant('wallet', { team: 'team-payments' }),
      'tenants/wallet/management/entrypoint.yaml': entryPoint({
        hostname: 'wallet.trinity.example',
        team: 'team-storefront',
      }),
      'tenants/wallet/management/same-team.yaml': entryPoint({
        hostname: 'pay.trinity.example',
        team: 'team-payments',
      }),
    });

    const reading = await readInfraTenants(root);

    expect(reading.tenants).toHaveLength(1);
    expect(reading.entryPoints.map(e => e.hostname)).toEqual([
      'pay.trinity.example',
    ]);
    expect(reading.problems).toEqual([
      expect.stringContaining(
        'tenants/wallet/management/entrypoint.yaml: wallet.trinity.example is labelled team team-storefront',
      ),
    ]);
  });

  it('leaves out an EntryPoint targeting a cluster the tenant has no overlay for', async () => {
    const root = infraRepo({
      ...tenant('wallet', { clusters: ['aws-use1-prod-01'] }),
      'tenants/wallet/management/entrypoint.yaml': entryPoint({
        hostname: 'wallet.trinity.example',
        clusters: ['aws-use1-prod-01', 'gcp-euw1-prod-01'],
      }),
    });

    const reading = await readInfraTenants(root);

    expect(reading.entryPoints).toEqual([]);
    expect(reading.problems).toEqual([
      expect.stringContaining(
        'wallet.trinity.example targets gcp-euw1-prod-01',
      ),
    ]);
  });

  it('leaves out an EntryPoint without targets', async () => {
    const root = infraRepo({
      ...tenant('wallet'),
      'tenants/wallet/management/entrypoint.yaml': entryPoint({
        hostname: 'wallet.trinity.example',
        clusters: [],
      }),
    });

    const reading = await readInfraTenants(root);

    expect(reading.entryPoints).toEqual([]);
    expect(reading.problems).toEqual([
      expect.stringContaining('targets no cluster'),
    ]);
  });

  it.each([
    ['a space', 'shop trinity.example'],
    ['no dot', 'localhost'],
    ['a scheme', 'https://shop.trinity.example'],
    ['a wildcard', '*.trinity.example'],
    ['no hostname', ''],
  ])('leaves out a hostname that is not a DNS name (%s)', async (_, host) => {
    const root = infraRepo({
      ...tenant('wallet'),
      'tenants/wallet/management/entrypoint.yaml': entryPoint({
        hostname: host,
      }),
    });

    const reading = await readInfraTenants(root);

    expect(reading.tenants).toHaveLength(1);
    expect(reading.entryPoints).toEqual([]);
    expect(reading.problems).toEqual([
      `tenants/wallet/management/entrypoint.yaml: spec.hostname "${host}" is not a DNS name`,
    ]);
  });
});
