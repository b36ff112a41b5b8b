import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import { FleetCluster } from '@internal/plugin-fleet-node';
import { createArgocdSource } from './argocdSource';

// The fleet's read-only token (the demo Argo CD refuses it a change).
const token = 'demo-fleet-argocd-read';
const storefront: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    annotations: {
      'trinity.io/argocd-app-selector': 'app.kubernetes.io/part-of=storefront',
    },
  },
  spec: { owner: 'team-storefront' },
};

describe('Argo CD source', () => {
  let fleet: DemoFleet;
  beforeAll(async () => {
    fleet = await startDemoFleet({
      basePort: 17600,
      seed: 'argocd-test',
      prometheus: false,
    });
  });
  afterAll(() => fleet.stop());
  afterEach(() => fleet.scenarios.reset());

  /** A registry entry as the fleet backend builds it, with or without its own Argo CD. */
  const clusterOf = (name: string, ownArgoCd: boolean): FleetCluster => {
    const urls = fleet.urls(name);
    return {
      name,
      title: name,
      provider: 'aws',
      region: 'r',
      upgradeRing: 'ring-1',
      endpoints: {
        kubernetes: urls.kubernetes,
        ...(ownArgoCd && { argocd: urls.argocd }),
      },
    };
  };
  /** The central Argo CD on the management cluster, read-only. */
  const central = () =>
    new ConfigReader({
      trinity: {
        argocd: {
          central: {
            url: fleet.centralArgoCdUrl,
            uiUrl: 'https://argocd.mgmt.trinity.example',
            readToken: token,
          },
        },
      },
    });
  const read = (
    source: ReturnType<typeof createArgocdSource>,
    c: FleetCluster,
    entity: Entity = storefront,
  ) =>
    source.read({
      entity,
      cluster: c,
      signal: AbortSignal.timeout(5000),
    });
  /** Another product, with its own applications' selector. */
  const other = (name: string): Entity => ({
    ...storefront,
    metadata: {
      name,
      annotations: {
        'trinity.io/argocd-app-selector': `app.kubernetes.io/part-of=${name}`,
      },
    },
  });

  describe("each cluster's own Argo CD (default)", () => {
    const config = () =>
      new ConfigReader({
        trinity: {
          clusters: {
            'gcp-euw1-prod-01': { argocd: { readToken: token } },
          },
        },
      });

    it('reads sync, health, revision and history, with UI links', async () => {
      const cell = await read(
        createArgocdSource(config()),
        clusterOf('gcp-euw1-prod-01', true),
      );
      expect(cell.status).toBe('ok');
      const apps = cell.data!.applications as any[];
      expect(apps.map(a => a.name).sort()).toEqual([
        'storefront-api',
        'storefront-web',
      ]);
      expect(apps[0]).toMatchObject({ sync: 'Synced', health: 'Healthy' });
      expect(apps[0].history).toHaveLength(2);
      expect(apps[0].url).toBe(
        `${fleet.urls('gcp-euw1-prod-01').argocd}/applications/${apps[0].name}`,
      );
    });

    it('marks a degraded rollout critical with the bad-release runbook', async () => {
      await fleet.scenarios.set('gcp-euw1-prod-01', { degraded: true });
      const cell = await read(
        createArgocdSource(config()),
        clusterOf('gcp-euw1-prod-01', true),
      );
      expect(cell.status).toBe('critical');
      expect(cell.runbook).toBe('runbooks/bad-release/');
    });

    it('says which token is missing instead of calling without one', async () => {
      const cell = await read(
        createArgocdSource(new ConfigReader({})),
        clusterOf('gcp-euw1-prod-01', true),
      );
      expect(cell).toEqual({
        status: 'unknown',
        summary:
          'no Argo CD read token configured for gcp-euw1-prod-01 (trinity.clusters.gcp-euw1-prod-01.argocd.readToken, or its registration)',
      });
    });

    it('turns a refused token into an error naming the answer', async () => {
      const wrong = new ConfigReader({
        trinity: {
          clusters: { 'gcp-euw1-prod-01': { argocd: { readToken: 'nope' } } },
        },
      });
      await expect(
        read(createArgocdSource(wrong), clusterOf('gcp-euw1-prod-01', true)),
      ).rejects.toThrow(/Argo CD answered 401: invalid session/);
    });
  });

  describe('a central Argo CD', () => {
    it('keeps only the applications whose destination is the cluster', async () => {
      const cell = await read(
        createArgocdSource(central()),
        clusterOf('azure-eastus-prod-01', false),
      );
      expect(cell.status).toBe('ok');
      const apps = cell.data!.applications as any[];
      expect(apps.map(a => a.name).sort()).toEqual([
        'storefront-api-azure-eastus-prod-01',
        'storefront-web-azure-eastus-prod-01',
      ]);
      expect(apps[0].url).toMatch(
        /^https:\/\/argocd\.mgmt\.trinity\.example\/applications\/storefront-/,
      );
    });

    it('asks the central Argo CD once for all three clusters read together', async () => {
      const source = createArgocdSource(central());
      const before = fleet.requests().management?.argocd ?? 0;
      const cells = await Promise.all(
        fleet.clusters.map(c => read(source, clusterOf(c.name, false))),
      );
      expect(cells.map(c => c.status)).toEqual(['ok', 'ok', 'ok']);
      expect(fleet.requests().management.argocd - before).toBe(1);
    });

    it('reads every product on every cluster from one list of the central Argo CD', async () => {
      // Products pick their applications out of the one projected list:
      // more products do not mean more calls (issue 21).
      const products = [storefront, ...['giftcard', 'wallet'].map(other)];
      const source = createArgocdSource(central());
      const before = fleet.requests().management?.argocd ?? 0;
      const cells = await Promise.all(
        products.flatMap(product =>
          fleet.clusters.map(c =>
            source.read({
              entity: product,
              cluster: clusterOf(c.name, false),
              signal: AbortSignal.timeout(5_000),
            }),
          ),
        ),
      );
      expect(cells.map(c => c.status)).toEqual([
        ...['ok', 'ok', 'ok'],
        ...Array(6).fill('unknown'),
      ]);
      expect(cells[3].summary).toBe(
        'no application matches app.kubernetes.io/part-of=giftcard with destination aws-use1-prod-01',
      );
      expect(fleet.requests().management.argocd - before).toBe(1);
    });

    it('says so when the selector annotation is not a label selector', async () => {
      const broken = other('broken');
      broken.metadata.annotations!['trinity.io/argocd-app-selector'] =
        'part-of in storefront';
      const cell = await read(
        createArgocdSource(central()),
        clusterOf('gcp-euw1-prod-01', false),
        broken,
      );
      expect(cell).toMatchObject({
        status: 'unknown',
        summary: expect.stringMatching(
          /^trinity.io\/argocd-app-selector is not a label selector: unable to parse requirement/,
        ),
      });
    });

    it('shows a cluster it cannot reach as an error, the others unaffected', async () => {
      await fleet.scenarios.set('aws-use1-prod-01', { down: true });
      const source = createArgocdSource(central());
      await expect(
        read(source, clusterOf('aws-use1-prod-01', false)),
      ).rejects.toThrow(
        /^Argo CD cannot reach aws-use1-prod-01: Failed to load live state/,
      );
      const gcp = await read(source, clusterOf('gcp-euw1-prod-01', false));
      expect(gcp.status).toBe('ok');
    });

    it("prefers a cluster's own Argo CD over the central one", async () => {
      const both = new ConfigReader({
        trinity: {
          argocd: {
            central: { url: fleet.centralArgoCdUrl, readToken: token },
          },
          clusters: { 'gcp-euw1-prod-01': { argocd: { readToken: token } } },
        },
      });
      const cell = await read(
        createArgocdSource(both),
        clusterOf('gcp-euw1-prod-01', true),
      );
      expect((cell.data!.applications as any[])[0].name).toMatch(
        /^storefront-(web|api)$/,
      );
    });
  });

  describe('the policy set on each cluster (probe)', () => {
    const probe = (name: string) =>
      createArgocdSource(central()).probe!({
        cluster: clusterOf(name, false),
        signal: AbortSignal.timeout(5000),
      });

    it("reads the policies Application's deployed and target revision", async () => {
      const { data } = await probe('gcp-euw1-prod-01');
      expect(data!.policySet).toMatchObject({
        application: 'policies-gcp-euw1-prod-01',
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
        sync: 'Synced',
        health: 'Healthy',
        url: 'https://argocd.mgmt.trinity.example/applications/policies-gcp-euw1-prod-01',
      });
      const set = data!.policySet as {
        revision: string;
        targetRevision: string;
      };
      expect(set.targetRevision).toBe(set.revision);
    });

    it('shows a cluster whose ring has not synced the last policy change', async () => {
      await fleet.scenarios.set('azure-eastus-prod-01', { policyDrift: true });
      const [azure, gcp] = await Promise.all([
        probe('azure-eastus-prod-01'),
        probe('gcp-euw1-prod-01'),
      ]);
      const drifted = azure.data!.policySet as Record<string, string>;
      expect(drifted.sync).toBe('OutOfSync');
      // It still compares with the latest revision, which gcp runs.
      expect(drifted.targetRevision).toBe(
        (gcp.data!.policySet as Record<string, string>).revision,
      );
    });

    it('says when no policies Application exists for the cluster', async () => {
      const cluster = {
        ...clusterOf('gcp-euw1-prod-01', false),
        name: 'gcp-unknown-01',
      };
      const result = await createArgocdSource(central()).probe!({
        cluster,
        signal: AbortSignal.timeout(5000),
      });
      expect(result.data!.policySet).toEqual({
        error:
          'no Application labelled trinity.io/platform-resource=policies for gcp-unknown-01',
      });
    });
  });
});
