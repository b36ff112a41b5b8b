import { Entity } from '@backstage/catalog-model';
import { entryPointOf } from './entryPoint';

const system = (
  annotations: Record<string, string>,
  tags?: string[],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'storefront', annotations, tags },
  spec: { owner: 'team-storefront' },
});

describe('entryPointOf', () => {
  it('reads name, provider, targets and tier', () => {
    expect(
      entryPointOf(
        system(
          {
            'trinity.io/entry-point': 'Shop.Trinity.Example.',
            'trinity.io/entry-point-provider': 'powerdns',
            'trinity.io/entry-point-targets':
              'aws-use1-prod-01=127.0.0.11, gcp-euw1-prod-01=127.0.0.12',
          },
          ['tier-1'],
        ),
      ),
    ).toEqual({
      name: 'shop.trinity.example',
      provider: 'powerdns',
      targets: [
        { cluster: 'aws-use1-prod-01', target: '127.0.0.11' },
        { cluster: 'gcp-euw1-prod-01', target: '127.0.0.12' },
      ],
      tier: 'tier-1',
    });
  });

  it('is undefined without an entry point', () => {
    expect(entryPointOf(system({}))).toBeUndefined();
  });

  it('names every problem of a broken declaration', () => {
    expect(() =>
      entryPointOf(
        system({
          'trinity.io/entry-point': 'not a name',
          'trinity.io/entry-point-provider': 'bind',
          'trinity.io/entry-point-targets': 'aws=1.2.3.4,aws=1.2.3.5,gcp',
        }),
      ),
    ).toThrow(
      'invalid entry point: trinity.io/entry-point "not a name" is not a DNS name; ' +
        'trinity.io/entry-point-provider must be one of powerdns, route53, cloudflare (got "bind"); ' +
        'trinity.io/entry-point-targets: aws is listed twice; ' +
        'trinity.io/entry-point-targets: "gcp" is not <cluster>=<target>',
    );
  });
});
