/*
 * The fleet backend end to end: the plugin with the Argo CD and SLO source
 * modules, a catalog holding the cluster registry, and the demo fleet playing
 * the three clusters on loopback.
 */
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import argocdModule from '@internal/plugin-fleet-backend-module-argocd';
import sloModule from '@internal/plugin-fleet-backend-module-slo';
import kubernetesModule from '@internal/plugin-fleet-backend-module-kubernetes';
import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { fleetPlugin } from './plugin';

jest.setTimeout(60_000);

const BASE = 17500;
// Generous enough for a loaded 2-core CI machine; the slow cluster takes 5 s.
const DEADLINE = 1500;
let fleet: DemoFleet;

const clusterEntity = (
  name: string,
  provider: string,
  index: number,
  kubernetesVersion: string,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    title: name.toUpperCase(),
    annotations: {
      'kubernetes.io/api-server': `http://127.0.0.1:${BASE + 11 + index * 10}`,
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'localKubectlProxy',
      'trinity.io/argocd-url': `http://127.0.0.1:${BASE + 12 + index * 10}`,
      'trinity.io/argocd-ui-url': `http://127.0.0.1:${BASE + 12 + index * 10}`,
      'trinity.io/prometheus-url': `http://127.0.0.1:${BASE + 13 + index * 10}`,
    },
  },
  spec: {
    type: 'kubernetes-cluster',
    provider,
    region: 'r',
    upgradeRing: `ring-${index}`,
    kubernetesVersion,
  },
});

const storefrontApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-api',
    namespace: 'default',
    annotations: {
      'trinity.io/clusters':
        'aws-use1-prod-01,gcp-euw1-prod-01,azure-eastus-prod-01',
      'trinity.io/argocd-app-selector': 'app.kubernetes.io/name=storefront-api',
      'trinity.io/sloth-service': 'storefront-api',
      'backstage.io/kubernetes-id': 'storefront-api',
      'backstage.io/kubernetes-namespace': 'storefront',
    },
  },
  spec: { type: 'service', owner: 'team-storefront' },
};

const storefront = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    namespace: 'default',
    title: 'Storefront',
    annotations: {
      'trinity.io/clusters':
        'aws-use1-prod-01,gcp-euw1-prod-01,azure-eastus-prod-01',
      'trinity.io/argocd-app-selector': 'app.kubernetes.io/part-of=storefront',
      'trinity.io/sloth-service': 'storefront-web,storefront-api',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/part-of=storefront',
      'backstage.io/kubernetes-namespace': 'storefront',
      'trinity.io/entry-point': 'shop.trinity.example',
      'trinity.io/data-mode': 'replicated',
    },
  },
  spec: { owner: 'team-storefront' },
};

const entities = [
  storefront,
  clusterEntity('aws-use1-prod-01', 'aws', 0, '1.33'),
  clusterEntity('gcp-euw1-prod-01', 'gcp', 1, '1.33'),
  // The demo's azure API server reports 1.32: the registry is behind.
  clusterEntity('azure-eastus-prod-01', 'azure', 2, '1.31'),
  storefrontApi,
];

const tokens = Object.fromEntries(
  entities
    .filter(e => e.kind === 'Resource')
    .map(e => [
      e.metadata.name,
      { argocd: { readToken: 'demo-fleet-argocd-read' } },
    ]),
);

/*
 * The core Kubernetes plugin's proxy loads @kubernetes/client-node with a
 * dynamic ESM import that Jest cannot run, so here a stand-in serves the same
 * contract (GET /api/kubernetes/proxy/<path> with the Backstage-Kubernetes-
 * Cluster header) by forwarding to the demo fleet. The real plugin is
 * exercised by the browser test on the running portal.
 */
const kubernetesProxyStandIn = createBackendPlugin({
  pluginId: 'kubernetes',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.get('/proxy/*', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          const cluster = String(req.header('Backstage-Kubernetes-Cluster'));
          const target = fleet.urls(cluster).kubernetes;
          const upstream = await fetch(
            `${target}${req.originalUrl.replace(
              /^\/api\/kubernetes\/proxy/,
              '',
            )}`,
          ).catch(e => e as Error);
          // Not instanceof: fetch errors come from another realm under Jest.
          if (!('status' in upstream)) {
            // What the real proxy answers (seen on the running portal).
            const code = (upstream.cause as { code?: string })?.code;
            res.status(500).json({
              error: {
                name: 'ForwardedError',
                message: `Cluster '${cluster}' request error; caused by Error: connect ${code} ${target.replace(
                  'http://',
                  '',
                )}`,
              },
            });
            return;
          }
          res.status(upstream.status).json(await upstream.json());
        });
        httpRouter.use(router);
      },
    });
  },
});

async function backend(options: { deny?: boolean } = {}) {
  return startTestBackend({
    features: [
      fleetPlugin,
      argocdModule,
      sloModule,
      kubernetesModule,
      kubernetesProxyStandIn,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          trinity: {
            clusters: tokens,
            fleet: { deadlineMs: DEADLINE, cache: { freshSeconds: 60 } },
          },
        },
      }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
    ],
  });
}

const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const path = '/api/fleet/entities/component/default/storefront-api';

beforeAll(async () => {
  fleet = await startDemoFleet({ basePort: BASE, seed: 'fleet-test' });
});
afterAll(() => fleet.stop());
afterEach(() => fleet.scenarios.reset());

describe('GET /entities/:kind/:namespace/:name', () => {
  it('answers one row per cluster with Argo CD, workloads, SLO and policy cells', async () => {
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/storefront-api');
    expect(res.body.sources).toEqual([
      { id: 'argocd', title: 'Argo CD' },
      { id: 'workloads', title: 'Workloads' },
      { id: 'slo', title: 'SLO' },
      { id: 'policy', title: 'Policy' },
    ]);
    expect(res.body.rows.map((r: any) => r.cluster.name)).toEqual([
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]);
    for (const row of res.body.rows) {
      expect(row.cells.argocd).toMatchObject({
        status: 'ok',
        summary: expect.stringMatching(/^Synced · Healthy · [0-9a-f]{7}$/),
      });
      expect(row.cells.argocd.data.applications[0].url).toMatch(
        /\/applications\/storefront-api$/,
      );
      expect(row.cells.slo.status).toBe('ok');
      expect(row.cells.workloads).toMatchObject({
        status: 'ok',
        summary: expect.stringMatching(
          /^4\/4 ready · \d+ restarts? · HPA 4\/12 · N-1 ok$/,
        ),
      });
      expect(row.cells.policy).toMatchObject({
        status: 'ok',
        summary: '8 passed',
      });
    }
  });

  it('shows crash-looping pods as critical workloads and Kyverno failures as critical policy', async () => {
    await fleet.scenarios.set('aws-use1-prod-01', {
      degraded: true,
      violations: true,
    });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    const aws = res.body.rows[0];
    expect(aws.cells.workloads).toMatchObject({
      status: 'critical',
      summary: expect.stringMatching(
        /^1\/4 ready · \d+ restarts · HPA 4\/12 · 3 crash-looping · N-1 ok$/,
      ),
      runbook: 'runbooks/bad-release/#decide',
    });
    expect(aws.cells.policy).toMatchObject({
      status: 'critical',
      runbook: 'runbooks/kyverno-violations/#see-what-fails',
    });
    expect(
      aws.cells.policy.data.failing.map((f: any) => f.policy).sort(),
    ).toEqual(['disallow-latest-tag', 'restrict-image-registries']);
    expect(res.body.rows[1].cells.policy.status).toBe('ok');
  });

  it('shows a dead cluster as error cells in its own row; the others answer', async () => {
    await fleet.scenarios.set('gcp-euw1-prod-01', { down: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    const [aws, gcp, azure] = res.body.rows;
    expect(gcp.cells.argocd).toMatchObject({
      status: 'unknown',
      error: {
        message:
          'cannot reach gcp-euw1-prod-01: connection refused (ECONNREFUSED)',
      },
      runbook: 'runbooks/cluster-down/',
    });
    expect(gcp.cells.slo.error).toBeDefined();
    // Through the Kubernetes proxy, too, the cell names the refusal.
    expect(gcp.cells.workloads.error.message).toBe(
      'cannot reach gcp-euw1-prod-01: connection refused (ECONNREFUSED)',
    );
    expect(aws.cells.argocd.status).toBe('ok');
    expect(azure.cells.slo.status).toBe('ok');
  });

  it('does not wait for a slow cluster past the deadline', async () => {
    await fleet.scenarios.set('azure-eastus-prod-01', { latencyMs: 5000 });
    const { server } = await backend();
    const started = Date.now();
    const res = await request(server).get(path).set(user);
    const took = Date.now() - started;
    expect(took).toBeLessThan(DEADLINE * 1.1 + 400);
    const azure = res.body.rows[2];
    expect(azure.cells.argocd.error).toEqual({
      name: 'DeadlineExceededError',
      message: `azure-eastus-prod-01 did not answer within ${DEADLINE} ms`,
    });
    expect(res.body.rows[0].cells.argocd.status).toBe('ok');
  });

  it('shows page-level burn as a critical SLO cell that links its runbook', async () => {
    await fleet.scenarios.set('aws-use1-prod-01', { burning: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.body.rows[0].cells.slo).toMatchObject({
      status: 'critical',
      runbook: 'runbooks/slo-fast-burn/',
      summary: expect.stringMatching(
        /^storefront-api: requests-availability: burning/,
      ),
    });
  });

  it('shows a degraded rollout as a critical Argo CD cell', async () => {
    await fleet.scenarios.set('gcp-euw1-prod-01', { degraded: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.body.rows[1].cells.argocd).toMatchObject({
      status: 'critical',
      summary: expect.stringMatching(/^OutOfSync · Degraded/),
    });
  });

  it('asks each cluster once however many people look at the same time', async () => {
    const { server } = await backend();
    const before = fleet.requests();
    await Promise.all(
      Array.from({ length: 20 }, () => request(server).get(path).set(user)),
    );
    const after = fleet.requests();
    for (const cluster of [
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]) {
      for (const api of ['argocd', 'prometheus']) {
        const delta =
          (after[cluster]?.[api] ?? 0) - (before[cluster]?.[api] ?? 0);
        expect({ cluster, api, delta }).toEqual({ cluster, api, delta: 1 });
      }
    }
  });

  it('refuses a user the policy denies with 403', async () => {
    const { server } = await backend({ deny: true });
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('answers 404 for an entity not in the catalog', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/entities/component/default/nope')
      .set(user);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
  });

  it('rejects a malformed entity name with 400 from the OpenAPI spec', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/entities/component/default/bad%20name!')
      .set(user);
    expect(res.status).toBe(400);
  });

  it('requires a signed-in user', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('failover readiness', () => {
  it('says the storefront would survive losing any one cloud, and why', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/fleet/entities/system/default/storefront')
      .set(user);
    expect(res.body.readiness).toEqual({
      verdict: 'ready',
      reasons: [
        'runs on 3 clusters with N-1 headroom on each',
        'entry point shop.trinity.example',
        'data mode replicated',
      ],
    });
    const component = await request(server).get(path).set(user);
    expect(component.body.readiness).toBeUndefined();
  });
});

describe('GET /overview', () => {
  it('lists each product by cluster and flags version drift', async () => {
    const { server } = await backend();
    const calm = await request(server).get('/api/fleet/overview').set(user);
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
    await fleet.scenarios.set('gcp-euw1-prod-01', { degraded: true });
    const { server: fresh } = await backend();
    const drifted = await request(fresh).get('/api/fleet/overview').set(user);
    const [p] = drifted.body.products;
    expect(p.drift).toBe(true);
    expect(p.driftReason).toContain('gcp-euw1-prod-01:');
    expect(p.cells['gcp-euw1-prod-01'].status).toBe('critical');
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
    await fleet.scenarios.set('aws-use1-prod-01', { down: true });
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
    await fleet.scenarios.set('aws-use1-prod-01', { down: true });
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
