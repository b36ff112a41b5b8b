import { Entity } from '@backstage/catalog-model';
import { TrafficView } from '@internal/plugin-traffic-common';
import { createTrafficSource } from './trafficSource';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    namespace: 'default',
    annotations: { 'trinity.io/entry-point': 'shop.trinity.example' },
  },
};
const cluster = (name: string) => ({
  name,
  title: name,
  provider: 'aws',
  region: 'r',
  upgradeRing: 'ring-0',
  endpoints: {},
});
const view = (clusters: any[]): TrafficView => ({
  state: {
    entityRef: 'system:default/storefront',
    name: 'shop.trinity.example',
    provider: 'powerdns',
    tier: 'tier-1',
    version: 'v1',
    clusters,
    records: [],
    fetchedAt: '2026-11-22T12:00:00Z',
  },
  drains: [],
  history: [],
  permission: { allowed: false },
});
const c = (name: string, over: object = {}) => ({
  cluster: name,
  target: '127.0.0.11',
  weight: 1,
  health: 'healthy',
  share: 0.5,
  ...over,
});

describe('traffic source', () => {
  const signal = AbortSignal.timeout(1000);

  it("reads each cluster's share, weight and health, once per product for all clusters", async () => {
    const getView = jest.fn(async () =>
      view([
        c('a'),
        c('b', {
          weight: 0,
          share: 0,
          drain: {
            actor: 'user:default/guest',
            reason: 'game day',
            actionId: 'x',
            createdAt: '',
          },
        }),
        c('d', { health: 'unhealthy', share: 0 }),
      ]),
    );
    const source = createTrafficSource({ getView });
    const [a, b, d] = await Promise.all(
      ['a', 'b', 'd'].map(n =>
        source.read({ entity, cluster: cluster(n), signal }),
      ),
    );
    expect(getView).toHaveBeenCalledTimes(1);
    expect(a).toMatchObject({
      status: 'ok',
      summary: '50% of shop.trinity.example · weight 1 · healthy',
    });
    expect(b).toMatchObject({
      status: 'warning',
      summary: 'drained by user:default/guest: game day',
    });
    expect(d).toMatchObject({
      status: 'critical',
      summary: '0% of shop.trinity.example · provider health check failing',
    });
  });

  it('has no column on entities without an entry point', () => {
    const source = createTrafficSource({ getView: jest.fn() });
    expect(source.appliesTo!(entity)).toBe(true);
    expect(
      source.appliesTo!({ ...entity, metadata: { name: 'storefront-api' } }),
    ).toBe(false);
  });

  it('is an error cell when the provider cannot be read', async () => {
    const source = createTrafficSource({
      getView: async () => ({
        error: { name: 'Error', message: 'powerdns: connection refused' },
        drains: [],
        history: [],
        permission: { allowed: false },
      }),
    });
    await expect(
      source.read({ entity, cluster: cluster('a'), signal }),
    ).rejects.toThrow('powerdns: connection refused');
  });
});
