import { Entity } from '@backstage/catalog-model';
import { EntryPointRegistration } from '@internal/plugin-platform-common';
import { entryPointFromRegistration, tierOf } from './entryPoint';

const product = (tags?: string[], tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    tags,
    annotations: tier ? { 'trinity.io/tier': tier } : {},
  },
  spec: { owner: 'group:default/team-storefront' },
});

const registration: EntryPointRegistration = {
  type: 'entry-point',
  owner: 'group:default/team-storefront',
  system: 'system:default/storefront',
  hostname: 'shop.trinity.example',
  zoneId: 'Z0TRINITYEXAMPLE0000001',
  provider: 'route53',
  targets: [
    { cluster: 'aws-use1-prod-01', address: 'ingress.aws.example' },
    { cluster: 'gcp-euw1-prod-01', address: 'ingress.gcp.example' },
  ],
  path: 'tenants/storefront/management/entrypoint.yaml',
};

describe('entryPointFromRegistration', () => {
  it('takes name, clusters and addresses from the infra repo and the tier from the product', () => {
    expect(
      entryPointFromRegistration(registration, product(['tier-1']), {
        zoneProviders: {},
        ingressOf: () => undefined,
      }),
    ).toEqual({
      name: 'shop.trinity.example',
      provider: 'route53',
      targets: [
        { cluster: 'aws-use1-prod-01', target: 'ingress.aws.example' },
        { cluster: 'gcp-euw1-prod-01', target: 'ingress.gcp.example' },
      ],
      tier: 'tier-1',
    });
  });

  it("lands on the zone's provider and the configured ingresses when the portal sets them", () => {
    const entry = entryPointFromRegistration(registration, product(), {
      zoneProviders: { example: 'cloudflare', 'trinity.example': 'powerdns' },
      ingressOf: cluster =>
        cluster === 'aws-use1-prod-01' ? '127.0.0.11' : undefined,
    });
    expect(entry.provider).toBe('powerdns');
    expect(entry.targets.map(t => t.target)).toEqual([
      '127.0.0.11',
      'ingress.gcp.example',
    ]);
  });
});

describe('tierOf', () => {
  it('reads trinity.io/tier, else a tier tag, else tier-3', () => {
    expect(tierOf(product(['tier-1'], 'tier-2'))).toBe('tier-2');
    expect(tierOf(product(['web', 'tier-1']))).toBe('tier-1');
    expect(tierOf(product())).toBe('tier-3');
  });
});
