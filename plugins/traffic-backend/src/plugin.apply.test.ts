/*
 * Previewing and applying traffic changes: drain and restore, what is
 * recorded and audited, retries with an idempotency key (replayed, and
 * refused when the key was used for another request), changes from a stale
 * preview and racing drains. The backend and the demo fleet:
 * __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import {
  clusters,
  key,
  path,
  user,
  trafficTest,
} from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 17800;
const t = trafficTest(BASE);
const { backend, act, powerDnsWeights } = t;

describe('preview and apply', () => {
  it('previews a drain with records before and after and every check, changing nothing', async () => {
    const { server } = await backend();
    const res = await request(server).post(`${path}/preview`).set(user).send({
      kind: 'drain',
      cluster: 'gcp-euw1-prod-01',
      reason: 'zone outage',
    });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.weightsAfter).toEqual({
      'aws-use1-prod-01': 1,
      'gcp-euw1-prod-01': 0,
      'azure-eastus-prod-01': 1,
    });
    expect(res.body.recordsAfter[0].content[0]).toContain("{'127.0.0.12',0}");
    expect(res.body.recordsBefore[0].content[0]).toContain("{'127.0.0.12',1}");
    expect(res.body.checks.map((c: any) => [c.id, c.status])).toEqual([
      ['changes-something', 'pass'],
      ['keeps-a-target', 'pass'],
      ['min-healthy', 'pass'],
      ['receivers-healthy', 'pass'],
      ['receivers-not-burning', 'pass'],
      ['headroom', 'pass'],
      ['cooldown', 'pass'],
    ]);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('drains, records who, why and until when, audits it, and restores', async () => {
    const { server } = await backend();
    const drained = await act(server, {
      kind: 'drain',
      cluster: 'gcp-euw1-prod-01',
      reason: 'zone outage in europe-west1',
      expiresInMinutes: 30,
    });
    expect(drained.status).toBe(200);
    expect(drained.body).toMatchObject({ outcome: 'applied', replayed: false });
    expect(await powerDnsWeights()).toEqual([1, 0, 1]);

    const view = await request(server).get(path).set(user);
    const gcp = view.body.state.clusters[1];
    expect(gcp).toMatchObject({ weight: 0, share: 0 });
    expect(gcp.drain).toMatchObject({
      actor: 'user:default/guest',
      reason: 'zone outage in europe-west1',
      expiresAt: expect.any(String),
    });
    expect(view.body.history[0]).toMatchObject({
      kind: 'drain',
      cluster: 'gcp-euw1-prod-01',
      outcome: 'applied',
    });
    expect(t.audits[0]).toMatchObject({
      eventId: 'entry-point-change',
      severityLevel: 'high',
      meta: {
        entityRef: 'system:default/storefront',
        reason: 'zone outage in europe-west1',
      },
      result: {
        status: 'succeeded',
        meta: {
          outcome: 'applied',
          before: { 'gcp-euw1-prod-01': 1 },
          after: { 'gcp-euw1-prod-01': 0 },
        },
      },
    });

    const restored = await act(server, {
      kind: 'restore',
      cluster: 'gcp-euw1-prod-01',
      reason: 'zone recovered',
    });
    expect(restored.status).toBe(200);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    const after = await request(server).get(path).set(user);
    expect(after.body.drains).toEqual([]);
  });

  it('replays a retry with the same idempotency key instead of acting twice', async () => {
    const { server } = await backend();
    const view = await request(server).get(path).set(user);
    const send = () =>
      request(server)
        .post(`${path}/actions`)
        .set(user)
        .set('Idempotency-Key', 'retry-key-0001')
        .send({
          kind: 'drain',
          cluster: 'aws-use1-prod-01',
          reason: 'retry test',
          expectedVersion: view.body.state.version,
        });
    const first = await send();
    const second = await send();
    expect(first.body.replayed).toBe(false);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ outcome: 'applied', replayed: true });
    expect(second.body.entry.id).toBe(first.body.entry.id);
    const history = (await request(server).get(path).set(user)).body.history;
    expect(history).toHaveLength(1);
  });

  it('refuses with 409 when the entry point changed since the preview, changing nothing', async () => {
    const { server } = await backend();
    const stale = (await request(server).get(path).set(user)).body.state
      .version;
    await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'first',
    });
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({
        kind: 'drain',
        cluster: 'azure-eastus-prod-01',
        reason: 'second, from an old preview',
        expectedVersion: stale,
      });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/changed since the preview/);
    expect(await powerDnsWeights()).toEqual([0, 1, 1]);
    const history = (await request(server).get(path).set(user)).body.history;
    expect(history[0]).toMatchObject({
      outcome: 'conflict',
      cluster: 'azure-eastus-prod-01',
    });
  });

  it('lets exactly one of 20 racing drains of one version through', async () => {
    const { server } = await backend();
    const version = (await request(server).get(path).set(user)).body.state
      .version;
    const results = await Promise.all(
      clusters.flatMap(cluster =>
        Array.from({ length: 7 }, (_, i) =>
          request(server)
            .post(`${path}/actions`)
            .set(user)
            .set('Idempotency-Key', `race-${cluster}-${i}`)
            .send({
              kind: 'drain',
              cluster,
              reason: 'race',
              expectedVersion: version,
            }),
        ),
      ),
    );
    const statuses = results.map(r => r.status).sort();
    expect(statuses.filter(s => s === 200)).toHaveLength(1);
    expect(statuses.filter(s => s === 409)).toHaveLength(20);
    expect((await powerDnsWeights()).filter(w => w === 0)).toHaveLength(1);
  });
});

describe('idempotency keys are bound to their request', () => {
  it('refuses a replay with another body with 422 naming the key, and audits replays', async () => {
    const { server } = await backend();
    const view = await request(server).get(path).set(user);
    const send = (cluster: string) =>
      request(server)
        .post(`${path}/actions`)
        .set(user)
        .set('Idempotency-Key', 'bound-key-0001')
        .send({
          kind: 'drain',
          cluster,
          reason: 'bound',
          expectedVersion: view.body.state.version,
        });
    expect((await send('aws-use1-prod-01')).status).toBe(200);
    const other = await send('gcp-euw1-prod-01');
    expect(other.status).toBe(422);
    expect(other.body.error.message).toMatch(
      /^idempotency key bound-key-0001 was used for another request/,
    );
    expect(await powerDnsWeights()).toEqual([0, 1, 1]);
    const replay = await send('aws-use1-prod-01');
    expect(replay.body.replayed).toBe(true);
    expect(t.audits.at(-1)).toMatchObject({
      eventId: 'entry-point-change',
      meta: { replayed: true, idempotencyKey: 'bound-key-0001' },
      result: { status: 'succeeded' },
    });
  });

  it('binds the kill switch’s keys too', async () => {
    const { server } = await backend();
    const send = (paused: boolean) =>
      request(server)
        .post(`${path}/sync`)
        .set(user)
        .set('Idempotency-Key', 'sync-bound-0001')
        .send({ cluster: 'aws-use1-prod-01', paused, reason: 'bound' });
    expect((await send(true)).status).toBe(200);
    expect((await send(false)).status).toBe(422);
  });
});
