/*
 * The Argo CD auto-sync kill switch: pausing and resuming a product's
 * applications on one cluster, through each cluster's Argo CD or a central
 * one, retries, bad input and refusals. The backend and the demo fleet:
 * __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import {
  autoSyncOn,
  key,
  path,
  user,
  trafficTest,
} from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 18200;
const t = trafficTest(BASE);
const { backend } = t;

describe('the Argo CD auto-sync kill switch', () => {
  const automated = (index: number) => autoSyncOn(BASE, index);
  const toggle = (server: any, body: object, idempotencyKey = key()) =>
    request(server)
      .post(`${path}/sync`)
      .set(user)
      .set('Idempotency-Key', idempotencyKey)
      .send(body);

  it('pauses auto-sync on one cluster, shows it, and resumes it as it was', async () => {
    const { server } = await backend();
    const before = await automated(1);
    expect(before).toEqual([
      { prune: true, selfHeal: true },
      { prune: true, selfHeal: true },
    ]);
    const paused = await toggle(server, {
      cluster: 'gcp-euw1-prod-01',
      paused: true,
      reason: 'bad release: stop re-applying it',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      outcome: 'applied',
      entry: { kind: 'sync-pause', cluster: 'gcp-euw1-prod-01' },
    });
    expect(await automated(1)).toEqual([null, null]);
    expect(await automated(0)).toEqual(before);

    const sync = await request(server).get(`${path}/sync`).set(user);
    expect(sync.body['gcp-euw1-prod-01'].paused).toBe(true);
    expect(sync.body['aws-use1-prod-01'].paused).toBe(false);
    const view = await request(server).get(path).set(user);
    expect(view.body.sync).toBeUndefined();
    expect(view.body.history[0]).toMatchObject({ kind: 'sync-pause' });
    expect(t.audits.at(-1)).toMatchObject({
      eventId: 'argocd-auto-sync',
      severityLevel: 'high',
      result: { status: 'succeeded' },
    });

    const again = await toggle(server, {
      cluster: 'gcp-euw1-prod-01',
      paused: true,
      reason: 'twice',
    });
    expect(again.status).toBe(409);

    const resumed = await toggle(server, {
      cluster: 'gcp-euw1-prod-01',
      paused: false,
      reason: 'fixed release rolled out',
    });
    expect(resumed.status).toBe(200);
    expect(await automated(1)).toEqual(before);
  });

  it('pauses through a central Argo CD only the apps deployed to that cluster', async () => {
    const { server } = await backend({ centralArgoCd: true });
    const central = async () => {
      const res = await fetch(
        `${t.fleet.centralArgoCdUrl}/api/v1/applications?selector=app.kubernetes.io/part-of%3Dstorefront`,
        { headers: { Authorization: 'Bearer demo-fleet-argocd-read' } },
      );
      return Object.fromEntries(
        ((await res.json()).items as any[]).map(a => [
          a.metadata.name,
          a.spec.syncPolicy.automated ?? null,
        ]),
      );
    };
    const paused = await toggle(server, {
      cluster: 'gcp-euw1-prod-01',
      paused: true,
      reason: 'bad release on gcp',
    });
    expect(paused.status).toBe(200);
    // Paused: exactly the apps deployed to gcp, and every one of them.
    const apps = Object.entries(await central());
    expect(apps.filter(([, a]) => a === null).map(([name]) => name)).toEqual(
      apps
        .map(([name]) => name)
        .filter(name => name.endsWith('-gcp-euw1-prod-01')),
    );
    expect(apps.some(([name]) => name.endsWith('-gcp-euw1-prod-01'))).toBe(
      true,
    );
    const sync = await request(server).get(`${path}/sync`).set(user);
    expect(sync.body['gcp-euw1-prod-01'].paused).toBe(true);
    expect(sync.body['aws-use1-prod-01'].paused).toBe(false);
  });

  it('replays a retry with the same key', async () => {
    const { server } = await backend();
    const body = { cluster: 'aws-use1-prod-01', paused: true, reason: 'retry' };
    const first = await toggle(server, body, 'sync-retry-0001');
    const second = await toggle(server, body, 'sync-retry-0001');
    expect(second.body).toMatchObject({
      replayed: true,
      entry: { id: first.body.entry.id },
    });
  });

  it('refuses bad input with 400 and a user outside the owners with 403, changing nothing', async () => {
    const { server } = await backend();
    const noReason = await toggle(server, {
      cluster: 'aws-use1-prod-01',
      paused: true,
    });
    expect(noReason.status).toBe(400);
    const unknown = await toggle(server, {
      cluster: 'oci-fra-prod-01',
      paused: true,
      reason: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /does not run on oci-fra-prod-01/,
    );
    const denied = await backend({ deny: ['traffic.entrypoint.shift'] });
    const res = await toggle(denied.server, {
      cluster: 'aws-use1-prod-01',
      paused: true,
      reason: 'x',
    });
    expect(res.status).toBe(403);
    expect((await automated(0)).every(a => a !== null)).toBe(true);
  });
});
