import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ClusterDirectory } from './clusterRegistry';

const cluster = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: { type: 'kubernetes-cluster', provider: 'gcp' },
});

describe('ClusterDirectory', () => {
  let now = 0;
  let reads = 0;
  let registered: Entity[] = [];
  const directory = new ClusterDirectory({
    catalog: {
      async getEntities() {
        reads++;
        return { items: registered };
      },
    } as any,
    auth: mockServices.auth(),
    ttlMs: 30_000,
    missRetryMs: 2_000,
    now: () => now,
  });

  it('reads the registry once per TTL, and again soon for a name it lacks', async () => {
    registered = [cluster('aws-use1-prod-01')];
    expect([...(await directory.byName()).keys()]).toEqual([
      'aws-use1-prod-01',
    ]);
    expect(reads).toBe(1);

    // Ingested a moment later: within the retry window, the cache answers.
    registered = [cluster('aws-use1-prod-01'), cluster('gcp-euw1-prod-01')];
    now = 1_000;
    expect(
      (await directory.byName(['gcp-euw1-prod-01'])).has('gcp-euw1-prod-01'),
    ).toBe(false);
    expect(reads).toBe(1);

    // Past it, the missing name reads the registry again, long before the TTL.
    now = 2_500;
    expect(
      (await directory.byName(['gcp-euw1-prod-01'])).has('gcp-euw1-prod-01'),
    ).toBe(true);
    expect(reads).toBe(2);

    // Names it has cost nothing until the TTL.
    now = 20_000;
    await directory.byName(['gcp-euw1-prod-01']);
    await directory.byName();
    expect(reads).toBe(2);
    now = 40_000;
    await directory.byName();
    expect(reads).toBe(3);
  });

  it('reads once for every product that asks while the list has expired', async () => {
    now += 60_000;
    const before = reads;
    const all = await Promise.all(
      Array.from({ length: 50 }, () => directory.byName()),
    );
    expect(reads - before).toBe(1);
    expect(new Set(all).size).toBe(1);
  });
});
