/*
 * Evacuating a cluster with the freeze, on the demo fleet (its PowerDNS API
 * and each cluster's Argo CD): the run drains storefront's entry point and
 * pauses its auto-sync on the cluster; returning traffic restores the
 * weights and resumes exactly what the freeze paused, as it was. Refused
 * without `traffic.cluster.evacuate`, audited. (Five products on a real
 * PowerDNS, dig included: evacuation.integration.test.ts.)
 */
import request from 'supertest';
import { eventually } from '@internal/test-services';
import { autoSyncOn, user, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 19900;
const t = trafficTest(BASE);
const { backend, powerDnsWeights } = t;
const GCP = 'gcp-euw1-prod-01';

const automated = (index: number) => autoSyncOn(BASE, index);

async function finished(server: any, id: string) {
  let run: any;
  await eventually(async () => {
    run = (
      await request(server).get(`/api/traffic/evacuations/${id}`).set(user)
    ).body;
    return run.status !== 'running';
  }, `run ${id} finished`);
  return run;
}

const statusesOf = (run: any) =>
  Object.fromEntries(run.steps.map((step: any) => [step.id, step.status]));

it('evacuates gcp with the freeze, and returns its traffic and auto-sync as they were', async () => {
  const { server } = await backend();
  const before = await automated(1);
  expect(before).toEqual([
    { prune: true, selfHeal: true },
    { prune: true, selfHeal: true },
  ]);
  const started = await request(server)
    .post(`/api/traffic/clusters/${GCP}/evacuations`)
    .set(user)
    .send({ mode: 'run', reason: 'gcp region down', confirmCluster: GCP });
  expect(started.status).toBe(202);
  const run = await finished(server, started.body.id);
  expect(statusesOf(run)).toEqual({
    preflight: 'passed',
    'entry:shop.trinity.example': 'applied',
    freeze: 'applied',
    verify: 'verified',
  });
  expect(run.steps.find((s: any) => s.id === 'freeze').frozen).toEqual([
    'system:default/storefront',
  ]);
  expect(await powerDnsWeights()).toEqual([1, 0, 1]);
  expect(await automated(1)).toEqual([null, null]);
  // Only gcp is frozen.
  expect(await automated(0)).toEqual(before);
  expect(
    t.audits.find(audit => audit.eventId === 'cluster-evacuation'),
  ).toMatchObject({
    severityLevel: 'high',
    result: { status: 'succeeded' },
  });
  // And one event per step the run executed, with its outcome.
  expect(
    t.audits
      .filter(audit => audit.eventId === 'evacuation-step')
      .map(audit => [audit.meta?.step, audit.meta?.status, audit.result]),
  ).toEqual([
    ['entry:shop.trinity.example', 'applied', { status: 'succeeded' }],
    ['freeze', 'applied', { status: 'succeeded' }],
    ['verify', 'verified', { status: 'succeeded' }],
  ]);

  const back = await request(server)
    .post(`/api/traffic/evacuations/${run.id}/return`)
    .set(user)
    .send({ reason: 'gcp is back' });
  expect(back.status).toBe(202);
  const returned = await finished(server, back.body.id);
  expect(statusesOf(returned)).toEqual({
    'entry:shop.trinity.example': 'applied',
    unfreeze: 'applied',
  });
  expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  expect(await automated(1)).toEqual(before);
});

it('refuses an evacuation without traffic.cluster.evacuate, audited, nothing changed', async () => {
  const { server } = await backend({ deny: ['traffic.cluster.evacuate'] });
  const res = await request(server)
    .post(`/api/traffic/clusters/${GCP}/evacuations`)
    .set(user)
    .send({ mode: 'run', reason: 'not mine', confirmCluster: GCP });
  expect(res.status).toBe(403);
  expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  expect(t.audits.at(-1)).toMatchObject({
    eventId: 'cluster-evacuation',
    result: { status: 'failed' },
  });
});
