import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { refreshFleet } from './refresher';

const entity = (kind: string, name: string, clusters?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(clusters && { annotations: { 'trinity.io/clusters': clusters } }),
  },
  spec: {},
});

describe('refreshFleet', () => {
  it('asks the fleet view for every System and Component on clusters, and only those', async () => {
    const seen: string[] = [];
    const result = await refreshFleet({
      catalog: catalogServiceMock({
        entities: [
          entity('System', 'storefront', 'aws-use1-prod-01'),
          entity('Component', 'storefront-api', 'aws-use1-prod-01'),
          entity('Component', 'docs-site'),
          entity('Resource', 'aws-use1-prod-01', 'aws-use1-prod-01'),
          entity('User', 'guest'),
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      fleet: {
        forEntity: async e => {
          seen.push(`${e.kind}:${e.metadata.name}`);
        },
        // The cluster pages' health checks are kept warm (and live) too.
        healthOfAll: async () => {
          seen.push('health');
        },
      },
    });
    expect(seen.sort()).toEqual([
      'Component:storefront-api',
      'System:storefront',
      'health',
    ]);
    expect(result).toEqual({ entities: 2, failed: 0 });
  });

  it('goes on past an entity that fails and counts it', async () => {
    const logger = mockServices.logger.mock();
    const seen: string[] = [];
    const result = await refreshFleet({
      catalog: catalogServiceMock({
        entities: [
          entity('System', 'a', 'x'),
          entity('System', 'b', 'x'),
          entity('System', 'c', 'x'),
        ],
      }),
      auth: mockServices.auth(),
      logger,
      concurrency: 1,
      fleet: {
        forEntity: async e => {
          if (e.metadata.name === 'b') throw new Error('registry unreadable');
          seen.push(e.metadata.name);
        },
      },
    });
    expect(seen).toEqual(['a', 'c']);
    expect(result).toEqual({ entities: 3, failed: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      'fleet refresh of system:default/b failed: Error: registry unreadable',
    );
  });
});
