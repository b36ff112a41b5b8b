/*
 * The safety rules through the API: burning receivers, too few healthy
 * clusters, missing N-1 headroom, flapping, and never the last serving
 * target. The fleet stand-in's answer (`t.signals`) plays the fleet view.
 * The backend and the demo fleet: __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import { path, user, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 18000;
const t = trafficTest(BASE);
const { backend, act, powerDnsWeights } = t;

describe('safety rules through the API', () => {
  it('refuses draining toward a burning cluster with 409 naming it', async () => {
    t.signals = { 'azure-eastus-prod-01': { burning: true } };
    const { server } = await backend();
    const res = await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'test',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /refused by the safety checks: No receiving cluster burns its error budget at page level — azure-eastus-prod-01 burns at page level/,
    );
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    const history = (await request(server).get(path).set(user)).body.history;
    expect(history[0]).toMatchObject({ outcome: 'refused' });
    expect(t.audits.at(-1)!.result.status).toBe('failed');
  });

  it('refuses draining a tier-1 product below two healthy clusters', async () => {
    t.signals = { 'azure-eastus-prod-01': { down: true } };
    const { server } = await backend();
    const res = await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'test',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /At least 2 healthy serving clusters/,
    );
  });

  it('needs force and a reason to drain without N-1 headroom', async () => {
    t.signals = { 'aws-use1-prod-01': { headroom: false } };
    const { server } = await backend();
    const refused = await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'test',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/short by 4 replicas/);
    const forced = await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'aws is down anyway; HPAs will scale',
      force: true,
    });
    expect(forced.status).toBe(200);
  });

  it('refuses flapping: the same cluster twice within the cooldown, unless it is the rollback of a drain', async () => {
    const { server } = await backend({ cooldownSeconds: 120 });
    const change = (kind: 'drain' | 'restore', reason: string) =>
      act(server, { kind, cluster: 'aws-use1-prod-01', reason });
    expect((await change('drain', 'a')).status).toBe(200);
    // Undoing the drain at once: its rollback, allowed.
    const undone = await change('restore', 'that was the wrong cluster');
    expect(undone.status).toBe(200);
    // Draining it again within the window is a flap.
    const res = await change('drain', 'b');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /No change to aws-use1-prod-01 for 120 s after the last \(anti-flap\) — aws-use1-prod-01 changed \d+ s ago: \d+ s left/,
    );
  });
});

describe('never the last serving target', () => {
  it('refuses draining the only serving cluster even with force', async () => {
    // Even where the tier rule would let every cluster go.
    const { server } = await backend({
      minHealthyClusters: { 'tier-1': 0, default: 0 },
    });
    for (const cluster of ['aws-use1-prod-01', 'gcp-euw1-prod-01']) {
      await act(server, { kind: 'drain', cluster, reason: 'setup' });
    }
    t.signals = {};
    const res = await act(server, {
      kind: 'drain',
      cluster: 'azure-eastus-prod-01',
      reason: 'everything',
      force: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /At least one cluster keeps serving — no target would keep a weight above 0/,
    );
    expect(await powerDnsWeights()).toEqual([0, 0, 1]);
  });
});
