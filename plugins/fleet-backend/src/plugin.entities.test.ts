/*
 * The fleet view of an entity: one row per cluster with its Argo CD,
 * workloads, SLO and policy cells, against the demo fleet's scenarios (dead,
 * slow, burning, degraded clusters), and the failover readiness of a
 * product. The backend and the demo fleet: __testUtils__/fleetBackend.ts.
 */
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DEADLINE,
  fleetTest,
  path,
  settled,
  user,
} from './__testUtils__/fleetBackend';

jest.setTimeout(60_000);

const BASE = 17500;
const t = fleetTest(BASE);
const { backend } = t;

describe('GET /entities/:kind/:namespace/:name', () => {
  it('answers one row per cluster with Argo CD, workloads, rollout, SLO, policy and mesh cells', async () => {
    const { server } = await backend();
    const res = await settled(server, path);
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/storefront-api');
    expect(res.body.sources).toEqual([
      { id: 'argocd', title: 'Argo CD' },
      { id: 'workloads', title: 'Workloads' },
      { id: 'rollout', title: 'Rollout' },
      { id: 'slo', title: 'SLO' },
      { id: 'policy', title: 'Policy' },
      { id: 'mesh', title: 'Mesh' },
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
      // The tenant's Rollout, fully promoted on the revision the pods run.
      expect(row.cells.rollout).toMatchObject({
        status: 'ok',
        summary: expect.stringMatching(/^storefront-api [0-9a-f]{7}$/),
      });
      expect(row.cells.rollout.data.rollouts[0]).toMatchObject({
        phase: 'Healthy',
        fullyPromoted: true,
        step: { index: 6, total: 6 },
        canaryWeight: 100,
      });
      expect(row.cells.rollout.data.rollouts[0].stableTag).toBe(
        row.cells.argocd.data.revisions[0],
      );
      expect(row.cells.workloads).toMatchObject({
        status: 'ok',
        summary: expect.stringMatching(
          /^4\/4 ready · \d+ restarts? · HPA 4\/12 · N-1 ok$/,
        ),
      });
      // Counted from the Rollout that references the Deployment.
      expect(row.cells.workloads.data.deployments[0]).toMatchObject({
        name: 'storefront-api',
        countedFrom: 'Rollout',
        rollout: 'storefront-api',
      });
      // The tenant's namespace label and STRICT PeerAuthentication, as the
      // demo fleet serves them from infra/tenants/storefront/base.
      expect(row.cells.mesh).toMatchObject({
        status: 'ok',
        summary: 'ambient · mTLS STRICT',
        data: {
          namespace: 'storefront',
          ambient: true,
          mtls: { mode: 'STRICT', from: 'storefront/default' },
        },
      });
      // The infra repo's real policies on its Deployment (8 apply), its
      // ReplicaSet (4), its Rollout's stable ReplicaSet (4), its four Pods
      // (5 each) and its Service (1).
      expect(row.cells.policy).toMatchObject({
        status: 'ok',
        summary: '37 passed',
      });
    }
  });

  it('shows crash-looping pods as critical workloads and Kyverno failures as critical policy', async () => {
    await t.fleet.scenarios.set('aws-use1-prod-01', {
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
    // The debug tools break three of the platform's real policies.
    expect(
      aws.cells.policy.data.failing.map((f: any) => f.policy).sort(),
    ).toEqual([
      'trinity-disallow-privileged',
      'trinity-require-platform-images',
      'trinity-require-requests-limits',
    ]);
    // The rollout Kyverno refused shows, from its Events: no report covers
    // it. One Event per Deny policy it broke (three), each seen twice.
    expect(aws.cells.policy.summary).toMatch(/ · 6 blocked in 24 h$/);
    expect(aws.cells.policy.data.blocked).toMatchObject({
      windowHours: 24,
      count: 6,
    });
    expect(aws.cells.policy.data.blocked.recent).toHaveLength(3);
    expect(
      aws.cells.policy.data.blocked.recent.map((r: any) => [
        r.policy,
        r.resource,
        r.rule,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [
          'trinity-require-platform-images',
          'Deployment/storefront-api',
          undefined,
        ],
      ]),
    );
    expect(res.body.rows[1].cells.policy.status).toBe('ok');
    expect(res.body.rows[1].cells.policy.data.blocked.count).toBe(0);
  });

  it('shows a dead cluster as error cells in its own row; the others answer', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { down: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    const [aws, gcp, azure] = res.body.rows;
    expect(gcp.cells.argocd).toMatchObject({
      status: 'unknown',
      error: {
        message: "cannot reach gcp-euw1-prod-01's Argo CD: connection refused",
      },
      runbook: 'runbooks/cluster-down/',
    });
    // Through the Kubernetes proxy, too, the cell names the refusal.
    expect(gcp.cells.workloads.error.message).toBe(
      "cannot reach gcp-euw1-prod-01's Kubernetes API: connection refused",
    );
    expect(gcp.cells.slo.error.message).toBe(
      "cannot reach gcp-euw1-prod-01's Prometheus: connection refused",
    );
    expect(aws.cells.argocd.status).toBe('ok');
    expect(azure.cells.slo.status).toBe('ok');
  });

  it('does not wait for a slow cluster past the deadline', async () => {
    await t.fleet.scenarios.set('azure-eastus-prod-01', { latencyMs: 5000 });
    const { server } = await backend();
    const started = Date.now();
    const res = await request(server).get(path).set(user);
    const took = Date.now() - started;
    expect(took).toBeLessThan(DEADLINE * 1.1 + 400);
    const azure = res.body.rows[2];
    expect(azure.cells.argocd.error).toEqual({
      name: 'DeadlineExceededError',
      message: `azure-eastus-prod-01's Argo CD did not answer within ${
        DEADLINE / 1000
      } s`,
    });
    expect(res.body.rows[0].cells.argocd.status).toBe('ok');
  });

  it('shows a degraded rollout as a critical Argo CD cell', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { degraded: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.body.rows[1].cells.argocd).toMatchObject({
      status: 'critical',
      summary: expect.stringMatching(/^OutOfSync · Degraded/),
    });
  });

  it('shows a canary in progress on one cluster: its step, weight, running analysis and tags', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { canary: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    const gcp = res.body.rows[1].cells.rollout;
    // The tenant's steps: setWeight 10, pause, analysis, setWeight 50, …
    expect(gcp).toMatchObject({
      status: 'warning',
      runbook: 'runbooks/bad-release/#decide',
      summary: expect.stringMatching(
        /^storefront-api Progressing · step 2\/6 · canary 10% · analysis Running · [0-9a-f]{7} → [0-9a-f]{7}$/,
      ),
    });
    const [rollout] = gcp.data.rollouts;
    expect(rollout.stableTag).not.toBe(rollout.canaryTag);
    expect(rollout.stableTag).toBe(
      res.body.rows[0].cells.rollout.data.rollouts[0].stableTag,
    );
    // The other clusters are not canarying.
    expect(res.body.rows[0].cells.rollout.status).toBe('ok');
    expect(res.body.rows[2].cells.rollout.status).toBe('ok');
  });

  it('aborts a canary whose analysis sees the burn, and says why', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', {
      canary: true,
      burning: true,
    });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    const gcp = res.body.rows[1].cells.rollout;
    expect(gcp).toMatchObject({
      status: 'critical',
      runbook: 'runbooks/bad-release/',
      summary: expect.stringMatching(
        /^storefront-api aborted · step 0\/6 · canary 0% · analysis Failed · .* · Metric "requests-availability-burn-rate" assessed Failed due to failed \(1\) > failureLimit \(0\)$/,
      ),
    });
    expect(gcp.data.rollouts[0]).toMatchObject({
      aborted: true,
      phase: 'Degraded',
      message: expect.stringMatching(
        /^RolloutAborted: Rollout aborted update to revision 3: Metric/,
      ),
    });
  });

  it('burning without a canary aborts nothing', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { burning: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.body.rows[1].cells.rollout.status).toBe('ok');
  });

  it('asks each cluster once however many people look at the same time', async () => {
    const { server } = await backend();
    const before = t.fleet.requests();
    await Promise.all(
      Array.from({ length: 20 }, () => request(server).get(path).set(user)),
    );
    const after = t.fleet.requests();
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
