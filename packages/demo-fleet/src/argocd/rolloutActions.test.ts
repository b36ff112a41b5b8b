/*
 * Argo CD's resource actions on the demo's Rollouts, over HTTP: what
 * discovery offers on the live Rollout, and abort / retry through
 * RunResourceActionV2 and the older RunResourceAction, seen on the
 * Kubernetes API and in the application's health.
 */
import request from 'supertest';
import { startDemoFleet, DemoFleet } from '../server';

const now = new Date('2026-11-22T12:00:00Z');
const WRITE = 'Bearer demo-fleet-argocd-token';
const READ = 'Bearer demo-fleet-argocd-read';
const GCP = 'gcp-euw1-prod-01';
const CENTRAL_APP = `storefront-api-${GCP}`;

let fleet: DemoFleet;
beforeAll(async () => {
  fleet = await startDemoFleet({
    basePort: 19600,
    seed: 'test',
    now: () => now,
    prometheus: false,
  });
});
afterAll(() => fleet.stop());
afterEach(() => fleet.scenarios.reset());

const query = {
  namespace: 'storefront',
  resourceName: 'storefront-api',
  version: 'v1alpha1',
  group: 'argoproj.io',
  kind: 'Rollout',
};

const actionsOf = async (url: string, app: string) => {
  const res = await request(url)
    .get(`/api/v1/applications/${app}/resource/actions`)
    .query(query)
    .set('Authorization', READ);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.actions.map((action: { name: string; disabled: boolean }) => [
      action.name,
      action.disabled,
    ]),
  );
};

const runV2 = (app: string, action: string, token = WRITE) =>
  request(fleet.centralArgoCdUrl)
    .post(`/api/v1/applications/${app}/resource/actions/v2`)
    .set('Authorization', token)
    .send({ name: app, ...query, action, appNamespace: 'argocd' });

const rolloutOn = async (cluster: string) =>
  (
    await request(fleet.urls(cluster).kubernetes).get(
      '/apis/argoproj.io/v1alpha1/namespaces/storefront/rollouts/storefront-api',
    )
  ).body;

const replicaSetsOn = async (cluster: string) =>
  (
    await request(fleet.urls(cluster).kubernetes)
      .get('/apis/apps/v1/namespaces/storefront/replicasets')
      .query({ labelSelector: 'rollouts-pod-template-hash' })
  ).body.items.filter((rs: any) =>
    rs.metadata.name.startsWith('storefront-api-'),
  );

const healthOf = async (app: string) =>
  (
    await request(fleet.centralArgoCdUrl)
      .get(`/api/v1/applications/${app}`)
      .set('Authorization', READ)
  ).body.status.health;

it('offers what discovery.lua offers on a fully promoted Rollout', async () => {
  expect(await actionsOf(fleet.urls(GCP).argocd, 'storefront-api')).toEqual({
    restart: false,
    resume: true,
    abort: true,
    retry: true,
    'promote-full': true,
  });
});

it('offers abort and promote-full on a canary, in the per-cluster and the central Argo CD', async () => {
  await fleet.scenarios.set(GCP, { canary: true });
  const expected = {
    restart: false,
    resume: true,
    abort: false,
    retry: true,
    'promote-full': false,
  };
  expect(await actionsOf(fleet.urls(GCP).argocd, 'storefront-api')).toEqual(
    expected,
  );
  expect(await actionsOf(fleet.centralArgoCdUrl, CENTRAL_APP)).toEqual(
    expected,
  );
});

it('aborts a canary through RunResourceActionV2: the Rollout on the Kubernetes API is aborted, the application Degraded', async () => {
  await fleet.scenarios.set(GCP, { canary: true });
  expect((await rolloutOn(GCP)).status.phase).toBe('Progressing');

  const res = await runV2(CENTRAL_APP, 'abort');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({});

  const rollout = await rolloutOn(GCP);
  expect(rollout.status).toMatchObject({
    phase: 'Degraded',
    message: 'RolloutAborted: Rollout aborted update to revision 3',
    abort: true,
    abortedAt: '2026-11-22T12:00:00Z',
    currentStepIndex: 0,
    canary: {},
  });
  expect(rollout.status.currentPodHash).not.toBe(rollout.status.stableRS);
  expect(
    rollout.status.conditions.find((c: any) => c.type === 'Progressing'),
  ).toMatchObject({
    status: 'False',
    reason: 'RolloutAborted',
    message: 'Rollout aborted update to revision 3',
  });
  // Weight 0: the stable ReplicaSet has every pod again.
  const sets = await replicaSetsOn(GCP);
  expect(
    Object.fromEntries(
      sets.map((rs: any) => [
        rs.metadata.labels['rollouts-pod-template-hash'] ===
        rollout.status.stableRS
          ? 'stable'
          : 'canary',
        rs.spec.replicas,
      ]),
    ),
  ).toEqual({ stable: 4, canary: 0 });
  expect(await healthOf(CENTRAL_APP)).toEqual({
    status: 'Degraded',
    message: 'RolloutAborted: Rollout aborted update to revision 3',
  });
  // The cluster's own Argo CD says the same.
  const own = await request(fleet.urls(GCP).argocd)
    .get('/api/v1/applications/storefront-api')
    .set('Authorization', READ);
  expect(own.body.status.health.status).toBe('Degraded');
  // The other clusters are untouched; discovery now offers retry.
  expect((await rolloutOn('aws-use1-prod-01')).status.phase).toBe('Healthy');
  expect(await actionsOf(fleet.centralArgoCdUrl, CENTRAL_APP)).toMatchObject({
    abort: true,
    retry: false,
  });
});

it('retries an aborted canary through the older RunResourceAction (the action as a JSON string)', async () => {
  await fleet.scenarios.set(GCP, { canary: true });
  expect((await runV2(CENTRAL_APP, 'abort')).status).toBe(200);
  const res = await request(fleet.urls(GCP).argocd)
    .post('/api/v1/applications/storefront-api/resource/actions')
    .query(query)
    .set('Authorization', WRITE)
    .set('Content-Type', 'application/json')
    .send('"retry"');
  expect(res.status).toBe(200);
  const rollout = await rolloutOn(GCP);
  expect(rollout.status.phase).toBe('Progressing');
  expect(rollout.status.abort).toBeUndefined();
  expect(rollout.status.canary.currentStepAnalysisRunStatus.status).toBe(
    'Running',
  );
  // Running again: Argo CD reports the Rollout mid-canary, not Healthy.
  expect((await healthOf(CENTRAL_APP)).status).toBe('Progressing');
});

it('forgets aborts made through Argo CD on a fleet reset', async () => {
  await fleet.scenarios.set(GCP, { canary: true });
  await runV2(CENTRAL_APP, 'abort');
  await fleet.scenarios.reset();
  await fleet.scenarios.set(GCP, { canary: true });
  expect((await rolloutOn(GCP)).status.phase).toBe('Progressing');
});

it('runs a disabled action as Argo CD does (its Lua runs): nothing changes', async () => {
  const res = await runV2(CENTRAL_APP, 'abort');
  expect(res.status).toBe(200);
  expect((await rolloutOn(GCP)).status.phase).toBe('Healthy');
  expect((await healthOf(CENTRAL_APP)).status).toBe('Healthy');
});

it('refuses as Argo CD does: no token, a read-only token, an unknown app or resource; and says which actions it does not play', async () => {
  const noToken = await request(fleet.centralArgoCdUrl)
    .post(`/api/v1/applications/${CENTRAL_APP}/resource/actions/v2`)
    .send({ ...query, action: 'abort' });
  expect(noToken.status).toBe(401);

  const readOnly = await runV2(CENTRAL_APP, 'abort', READ);
  expect(readOnly.status).toBe(403);
  expect(readOnly.body).toEqual({
    error: `permission denied: applications, action/argoproj.io/Rollout/abort, team-storefront/${CENTRAL_APP}, sub: trinity-fleet-reader`,
    code: 7,
    message: `permission denied: applications, action/argoproj.io/Rollout/abort, team-storefront/${CENTRAL_APP}, sub: trinity-fleet-reader`,
  });

  const unknown = await runV2('nope', 'abort');
  expect(unknown.status).toBe(404);
  expect(unknown.body.code).toBe(5);

  const elsewhere = await request(fleet.centralArgoCdUrl)
    .get(`/api/v1/applications/${CENTRAL_APP}/resource/actions`)
    .query({ ...query, resourceName: 'storefront-web' })
    .set('Authorization', READ);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body).toMatchObject({
    code: 3,
    message: `Rollout argoproj.io storefront-web not found as part of application ${CENTRAL_APP}`,
  });

  const restart = await runV2(CENTRAL_APP, 'restart');
  expect(restart.status).toBe(400);
  expect(restart.body.message).toBe(
    'the demo fleet does not play action "restart" on Rollout storefront-api',
  );
});
