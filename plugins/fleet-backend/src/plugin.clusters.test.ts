/*
 * The fleet's overviews: every product by cluster (GET /overview, with
 * version drift) and one cluster with its registry fields, its upstreams'
 * health and the products on it (GET /clusters/:name). The backend and the
 * demo fleet: __testUtils__/fleetBackend.ts.
 */
import request from 'supertest';
import { fleetTest, settled, user } from './__testUtils__/fleetBackend';

jest.setTimeout(60_000);

// Not plugin.entities.test.ts's ports: Jest may run both files at once.
const BASE = 17900;
const t = fleetTest(BASE);
const { backend } = t;

describe('GET /overview', () => {
  it('lists each product by cluster and flags version drift', async () => {
    const { server } = await backend();
    const calm = await settled(server, '/api/fleet/overview');
    expect(calm.status).toBe(200);
    expect(calm.body.clusters.map((c: any) => c.name)).toEqual([
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]);
    const [product] = calm.body.products;
    expect(product).toMatchObject({
      entityRef: 'system:default/storefront',
      title: 'Storefront',
      drift: false,
    });
    expect(product.cells['aws-use1-prod-01']).toMatchObject({
      status: 'ok',
      summary: 'all signals OK',
    });
    expect(product.cells['aws-use1-prod-01'].revisions).toHaveLength(2);

    // A rollout on one cluster only: new revisions there, drift everywhere else.
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { degraded: true });
    const { server: fresh } = await backend();
    const drifted = await settled(fresh, '/api/fleet/overview');
    const [p] = drifted.body.products;
    expect(p.drift).toBe(true);
    expect(p.driftReason).toContain('gcp-euw1-prod-01:');
    expect(p.cells['gcp-euw1-prod-01'].status).toBe('critical');
  });

  it("judges a product's cached cells on a cluster by the cluster's checks now", async () => {
    const { server } = await backend();
    // The product's cells are cached (fresh for 60 s here) while it is healthy.
    await request(server)
      .get('/api/fleet/entities/system/default/storefront')
      .set(user);
    await t.fleet.scenarios.set('aws-use1-prod-01', { down: true });
    const res = await request(server).get('/api/fleet/overview').set(user);
    const aws = res.body.clusters.find(
      (cluster: any) => cluster.name === 'aws-use1-prod-01',
    );
    expect(aws.status).toBe('critical');
    const storefront = res.body.products.find(
      (product: any) => product.entityRef === 'system:default/storefront',
    );
    expect(storefront.cells['aws-use1-prod-01']).toMatchObject({
      status: 'unknown',
      summary: 'no answer from the cluster',
    });
    // The clusters that answer keep their cells.
    expect(storefront.cells['gcp-euw1-prod-01'].summary).not.toBe(
      'no answer from the cluster',
    );
  });

  it("shows each cluster's Kyverno policy set and flags policy drift", async () => {
    const { server } = await backend();
    const calm = await request(server).get('/api/fleet/overview').set(user);
    expect(calm.body.policyDrift).toBe(false);
    for (const cluster of calm.body.clusters) {
      expect(cluster.policySet).toMatchObject({
        application: `policies-${cluster.name}`,
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
        sync: 'Synced',
      });
    }
    const latest = calm.body.clusters[0].policySet.revision;

    // azure's ring has not synced the last policy change: the previous
    // revision of infra/kyverno in this repository's history.
    await t.fleet.scenarios.set('azure-eastus-prod-01', { policyDrift: true });
    const { server: fresh } = await backend();
    const drifted = await request(fresh).get('/api/fleet/overview').set(user);
    const azure = drifted.body.clusters.find(
      (c: any) => c.name === 'azure-eastus-prod-01',
    );
    expect(azure.policySet).toMatchObject({
      sync: 'OutOfSync',
      targetRevision: latest,
    });
    expect(azure.policySet.revision).not.toBe(latest);
    expect(drifted.body.policyDrift).toBe(true);
    expect(drifted.body.policyDriftReason).toContain(
      `azure-eastus-prod-01: ${azure.policySet.revision.slice(0, 7)}`,
    );

    // A cluster whose Argo CD does not answer: the policy set is unknown, said.
    await t.fleet.scenarios.set('aws-use1-prod-01', { down: true });
    const { server: third } = await backend();
    const down = await request(third).get('/api/fleet/overview').set(user);
    const aws = down.body.clusters.find(
      (c: any) => c.name === 'aws-use1-prod-01',
    );
    expect(aws.policySet.error).toMatch(/^Argo CD: /);
    // And the cluster itself is critical, as on its own page.
    expect(aws.status).toBe('critical');
    expect(
      down.body.clusters.find((c: any) => c.name === 'gcp-euw1-prod-01').status,
    ).toBe('ok');
  });

  it('leaves out products the policy denies', async () => {
    const { server } = await backend({ deny: true });
    const res = await request(server).get('/api/fleet/overview').set(user);
    expect(res.status).toBe(200);
    expect(res.body.products).toEqual([]);
  });
});

describe('GET /clusters/:name', () => {
  it("shows the cluster's registry fields, its upstreams' health and the products on it", async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/clusters/gcp-euw1-prod-01')
      .set(user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'resource:default/gcp-euw1-prod-01',
      cluster: { name: 'gcp-euw1-prod-01', provider: 'gcp' },
      registry: { type: 'kubernetes-cluster', kubernetesVersion: '1.33' },
      status: 'ok',
    });
    expect(res.body.sources.map((s: any) => s.id)).toEqual([
      'argocd',
      'workloads',
      'slo',
    ]);
    expect(res.body.health.argocd.summary).toMatch(
      /^Argo CD answers \(v2\.14\.11\+demo, \d+ ms\)$/,
    );
    expect(res.body.health.workloads.summary).toMatch(
      /^Kubernetes API answers \(v1\.33\.4-demo, \d+ ms\)$/,
    );
    expect(res.body.health.slo.summary).toMatch(/^Prometheus ready/);
    expect(res.body.products).toEqual([
      {
        entityRef: 'system:default/storefront',
        title: 'Storefront',
        status: 'ok',
        // storefront-web and storefront-api, each at its own revision.
        revisions: [
          expect.stringMatching(/^[0-9a-f]{7}$/),
          expect.stringMatching(/^[0-9a-f]{7}$/),
        ],
        summary: 'all signals OK',
        slo: 'ok',
      },
    ]);
  });

  it('warns when the API server runs another version than the registry says', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/clusters/azure-eastus-prod-01')
      .set(user);
    expect(res.body.status).toBe('warning');
    expect(res.body.health.workloads).toMatchObject({
      status: 'warning',
      summary:
        'Kubernetes API answers with v1.32.4-demo; the registry says 1.31',
      runbook: 'runbooks/cluster-upgrade/',
    });
  });

  it('shows a dead cluster as critical with every check an error, and its products unknown', async () => {
    await t.fleet.scenarios.set('aws-use1-prod-01', { down: true });
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/clusters/aws-use1-prod-01')
      .set(user);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('critical');
    for (const check of Object.values(res.body.health) as any[]) {
      expect(check.error).toBeDefined();
      expect(check.runbook).toBe('runbooks/cluster-down/');
    }
    expect(res.body.products[0]).toMatchObject({
      status: 'unknown',
      summary: 'no answer from the cluster',
    });
  });

  it("does not show a dead cluster's products as healthy from cached cells", async () => {
    const { server } = await backend();
    // The product's cells are cached (fresh for 60 s here) while it is healthy.
    await request(server)
      .get('/api/fleet/entities/system/default/storefront')
      .set(user);
    await t.fleet.scenarios.set('aws-use1-prod-01', { down: true });
    const res = await request(server)
      .get('/api/fleet/clusters/aws-use1-prod-01')
      .set(user);
    expect(res.body.status).toBe('critical');
    expect(res.body.products[0]).toMatchObject({
      status: 'unknown',
      summary: 'no answer from the cluster',
    });
  });

  it('answers 404 for a name that is not a registered cluster', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/clusters/nope-prod-01')
      .set(user);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No cluster nope-prod-01 in the cluster registry',
    );
    const bad = await request(server)
      .get('/api/fleet/clusters/Not_A_Name')
      .set(user);
    expect(bad.status).toBe(400);
  });

  it('refuses a user the policy denies with 403', async () => {
    const { server } = await backend({ deny: true });
    const res = await request(server)
      .get('/api/fleet/clusters/aws-use1-prod-01')
      .set(user);
    expect(res.status).toBe(403);
  });
});
