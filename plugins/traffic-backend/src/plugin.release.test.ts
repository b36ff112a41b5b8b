/*
 * The release actions over HTTP: the same guard rails as the failover
 * button (permission on the product, reason, idempotency key, audit), with
 * the demo fleet's Argo CD and a local forge holding storefront's tenant.
 * What the actions decide is in services/releases/ReleaseService.test.ts.
 */
import request from 'supertest';
import { key, path, user, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 20300;
const t = trafficTest(BASE);
const { backend } = t;

const post = (server: any, action: string, body: object, headers = user) =>
  request(server)
    .post(`${path}/releases/${action}`)
    .set(headers)
    .set('Idempotency-Key', key())
    .send(body);

describe('release actions over HTTP', () => {
  it("shows storefront's rings from the infra repo and what Argo CD reports per cluster", async () => {
    const { server } = await backend();
    const res = await request(server).get(`${path}/releases`).set(user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      paused: false,
      promotionsFile: 'tenants/storefront/promotions.yaml',
      problems: [],
      pullRequests: [],
      permission: { allowed: true },
    });
    expect(res.body.services.map((service: any) => service.service)).toEqual([
      'storefront-api',
      'storefront-web',
    ]);
    const api = res.body.services[0];
    expect(api.rings.map((ring: any) => ring.ring)).toEqual([
      'ring-0',
      'ring-1',
      'ring-2',
    ]);
    // The demo fleet's applications, one per cluster of the ring.
    expect(
      api.rings.flatMap((ring: any) =>
        ring.clusters.map((cluster: any) => cluster.app),
      ),
    ).toEqual(['storefront-api', 'storefront-api', 'storefront-api']);
  });

  it('a member of another team is refused every release action with 403, audited, and nothing is opened', async () => {
    const { server } = await backend({ deny: ['traffic.entrypoint.shift'] });
    const refusals = await Promise.all([
      post(server, 'promote', {
        service: 'storefront-api',
        ring: 'ring-1',
        reason: 'not mine',
      }),
      post(server, 'promotions', { paused: true, reason: 'not mine' }),
      post(server, 'abort', {
        service: 'storefront-api',
        cluster: 'gcp-euw1-prod-01',
        reason: 'not mine',
      }),
    ]);
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /only members of team-storefront, the on-call group and platform admins may shift the traffic of storefront/,
      );
    }
    expect(t.audits.map(audit => audit.eventId).sort()).toEqual([
      'release-promote',
      'release-promotions',
      'rollout-abort',
    ]);
    expect(t.audits.every(audit => audit.result?.status === 'failed')).toBe(
      true,
    );
    expect(await t.forge.listPullRequests('platform/infra')).toEqual([]);
    // The view says why the buttons are off.
    const view = await request(server).get(`${path}/releases`).set(user);
    expect(view.body.permission).toMatchObject({ allowed: false });
  });

  it('refuses malformed requests with 400 before anything runs', async () => {
    const { server } = await backend();
    const bad = [
      await post(server, 'promote', {
        service: 'storefront-api',
        ring: 'ring-1',
      }),
      await post(server, 'promote', {
        service: 'storefront-api',
        ring: 'ring-1',
        reason: 'x',
        tag: 'latest',
      }),
      await post(server, 'promotions', { paused: 'yes', reason: 'x' }),
      await request(server).post(`${path}/releases/abort`).set(user).send({
        service: 'storefront-api',
        cluster: 'gcp-euw1-prod-01',
        reason: 'no key',
      }),
    ];
    expect(bad.map(res => res.status)).toEqual([400, 400, 400, 400]);
    expect(t.audits).toEqual([]);
    expect(await t.forge.listPullRequests('platform/infra')).toEqual([]);
  });

  it('pauses promotions by a pull request the view then lists; nothing to abort on a settled fleet is 409', async () => {
    const { server } = await backend();
    const paused = await post(server, 'promotions', {
      paused: true,
      reason: 'holiday freeze',
    });
    expect(paused.status).toBe(200);
    expect(paused.body.entry).toMatchObject({
      kind: 'promotions-pause',
      pullRequestUrl: expect.stringContaining('/forge/platform/infra/pulls/'),
    });
    const view = await request(server).get(`${path}/releases`).set(user);
    expect(view.body.pullRequests).toEqual([
      expect.objectContaining({
        title: 'Pause promotions of storefront',
        branch: 'promotions/storefront',
      }),
    ]);
    // It is in the failover panel's history, with who and why.
    const traffic = await request(server).get(path).set(user);
    expect(traffic.body.history[0]).toMatchObject({
      kind: 'promotions-pause',
      actor: 'user:default/guest',
      reason: 'holiday freeze',
    });
  });
});
