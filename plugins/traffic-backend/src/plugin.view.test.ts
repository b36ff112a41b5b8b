/*
 * The traffic view of a product's entry point: each cluster's target,
 * weight, health and share, read from the demo fleet's PowerDNS and health
 * checks, and what stays on the page when the provider cannot be read. The
 * backend and the demo fleet: __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import { startDemoFleet } from '@internal/demo-fleet';
import { path, user, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

const BASE = 17700;
const t = trafficTest(BASE);
const { backend, act } = t;

describe('GET /entities/:kind/:namespace/:name', () => {
  it("shows each cluster's target, weight, health and share, and the user's permission", async () => {
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    expect(res.body.permission).toEqual({ allowed: true });
    expect(res.body.state).toMatchObject({
      name: 'shop.trinity.example',
      provider: 'powerdns',
      tier: 'tier-1',
      ttl: 30,
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(
      res.body.state.clusters.map((c: any) => [
        c.cluster,
        c.target,
        c.weight,
        c.health,
      ]),
    ).toEqual([
      ['aws-use1-prod-01', '127.0.0.11', 1, 'healthy'],
      ['gcp-euw1-prod-01', '127.0.0.12', 1, 'healthy'],
      ['azure-eastus-prod-01', '127.0.0.13', 1, 'healthy'],
    ]);
    for (const c of res.body.state.clusters) expect(c.share).toBeCloseTo(1 / 3);
  });

  it('shows a dead cluster as unhealthy with no share, from the health check', async () => {
    await t.fleet.scenarios.set('azure-eastus-prod-01', { down: true });
    const { server } = await backend();
    const res = await request(server).get(path).set(user);
    const azure = res.body.state.clusters[2];
    expect(azure).toMatchObject({ health: 'unhealthy', share: 0, weight: 1 });
    expect(azure.healthDetail).toMatch(/ECONNREFUSED/);
    expect(res.body.state.clusters[0].share).toBeCloseTo(0.5);
  });

  it('keeps drains and history on the page when the provider cannot be read', async () => {
    const { server } = await backend();
    expect(
      (
        await act(server, {
          kind: 'drain',
          cluster: 'gcp-euw1-prod-01',
          reason: 'test',
        })
      ).status,
    ).toBe(200);
    await t.fleet.stop();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    expect(res.body.state).toBeUndefined();
    expect(res.body.error.message).toBe(
      'powerdns did not answer: connection refused',
    );
    expect(res.body.drains).toHaveLength(1);
    expect(res.body.history).toHaveLength(1);
    t.fleet = await startDemoFleet({
      basePort: BASE,
      seed: 'traffic-test',
      prometheus: false,
    });
  });
});
