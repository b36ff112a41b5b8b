import { Entity } from '@backstage/catalog-model';
import { productEntities } from './productEntities';

const repo = 'team-payments/wallet';

function entity(
  kind: string,
  name: string,
  spec: Entity['spec'] = {},
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec,
  };
}

const system = entity('System', 'wallet', { owner: 'team-payments' });
const component = entity('Component', 'wallet-api', {
  type: 'service',
  lifecycle: 'production',
  owner: 'group:default/team-payments',
  system: 'wallet',
});
const api = entity('API', 'wallet-openapi', {
  type: 'openapi',
  lifecycle: 'production',
  owner: 'team-payments',
  system: 'system:default/wallet',
  definition: '{}',
});

describe('productEntities', () => {
  it("accepts the repository's System and its Components and APIs", () => {
    expect(productEntities(repo, [system, component, api])).toEqual({
      accepted: [system, component, api],
      refused: [],
    });
  });

  it('accepts references written in another case or with the default namespace', () => {
    const declared = [
      entity('System', 'wallet', { owner: 'group:default/Team-Payments' }),
      entity('Component', 'wallet-web', {
        owner: 'team-payments',
        system: 'default/Wallet',
      }),
      entity(
        'Component',
        'wallet-worker',
        { owner: 'team-payments', system: 'wallet' },
        'default',
      ),
    ];

    expect(productEntities(repo, declared).accepted).toEqual(declared);
  });

  it.each<[string, Entity, string]>([
    [
      'a cluster Resource',
      entity('Resource', 'aws-use1-prod-01', {
        type: 'kubernetes-cluster',
        owner: 'team-payments',
        system: 'wallet',
      }),
      'not Resource',
    ],
    [
      'an entry-point Resource',
      entity('Resource', 'pay.trinity.example', {
        type: 'entry-point',
        owner: 'team-payments',
        system: 'wallet',
      }),
      'not Resource',
    ],
    [
      'a Group',
      entity('Group', 'team-payments', { type: 'team', children: [] }),
      'not Group',
    ],
    [
      'a User',
      entity('User', 'mallory', { memberOf: ['team-payments'] }),
      'not User',
    ],
    [
      'a Location',
      entity('Location', 'more', { targets: ['https://x/catalog-info.yaml'] }),
      'not Location',
    ],
    [
      'a System named differently',
      entity('System', 'storefront', { owner: 'team-payments' }),
      "the repository's System is wallet",
    ],
    [
      'a System owned by another team',
      entity('System', 'wallet', { owner: 'team-storefront' }),
      'its owner must be group:default/team-payments',
    ],
    [
      'a System owned by a user',
      entity('System', 'wallet', { owner: 'user:default/team-payments' }),
      'its owner must be group:default/team-payments',
    ],
    ['a System without an owner', entity('System', 'wallet'), 'got undefined'],
    [
      'a Component of another System',
      entity('Component', 'checkout-api', {
        owner: 'team-payments',
        system: 'storefront',
      }),
      'it must be part of system:default/wallet (got storefront)',
    ],
    [
      'a Component of no System',
      entity('Component', 'loose', { owner: 'team-payments' }),
      'got no system',
    ],
    [
      'a Component owned by another group',
      entity('Component', 'wallet-api', {
        owner: 'team-storefront',
        system: 'wallet',
      }),
      'its owner must be group:default/team-payments, the team the repository belongs to (got team-storefront)',
    ],
    [
      'an API in another namespace',
      entity(
        'API',
        'wallet-openapi',
        { owner: 'team-payments', system: 'wallet' },
        'payments',
      ),
      'products live in the default namespace',
    ],
    [
      'a System in another namespace',
      entity('System', 'wallet', { owner: 'team-payments' }, 'payments'),
      'products live in the default namespace',
    ],
  ])('refuses %s, saying why', (_, refusedEntity, reason) => {
    const { accepted, refused } = productEntities(repo, [
      system,
      refusedEntity,
    ]);

    expect(accepted).toEqual([system]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain(
      `${repo}: ${refusedEntity.kind}:${
        refusedEntity.metadata.namespace ?? 'default'
      }/${refusedEntity.metadata.name} left out: `,
    );
    expect(refused[0]).toContain(reason);
  });

  it('refuses a repository that is not owner/name', () => {
    expect(() => productEntities('wallet', [system])).toThrow(
      'is not a repository',
    );
  });
});
