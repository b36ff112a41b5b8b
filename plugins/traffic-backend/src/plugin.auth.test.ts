/*
 * Who may read and change a product's traffic: the traffic permissions, and
 * the product's tenant and entry point taken only from the infra repo (never
 * from annotations a team can write). The backend and the demo fleet:
 * __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import { Entity } from '@backstage/catalog-model';
import {
  clusters,
  key,
  path,
  user,
  trafficTest,
} from './__testUtils__/trafficBackend';
import { infraProduct, productSystem } from './__testUtils__/infra';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 18300;
const t = trafficTest(BASE);
const { backend, act, powerDnsWeights } = t;

describe('permission', () => {
  it('refuses a user outside the owner group and on-call with 403, audited, nothing changed', async () => {
    const { server } = await backend({ deny: ['traffic.entrypoint.shift'] });
    const view = await request(server).get(path).set(user);
    expect(view.body.permission).toEqual({
      allowed: false,
      reason:
        'only members of team-storefront, the on-call group and platform admins may shift the traffic of storefront',
    });
    const res = await act(server, {
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'x',
    });
    expect(res.status).toBe(403);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    expect(t.audits[0].result).toMatchObject({ status: 'failed' });
  });
});

describe('what an action touches is the product’s by the infra repo', () => {
  // Team payments' own System, claiming storefront's hostname and selector
  // in annotations it can write.
  const hijacker: Entity = {
    ...productSystem({
      product: 'checkout',
      team: 'team-payments',
      hostname: 'shop.trinity.example',
    }),
  };
  hijacker.metadata.annotations = {
    ...hijacker.metadata.annotations,
    'trinity.io/entry-point-targets': clusters
      .map(c => `${c}=203.0.113.66`)
      .join(','),
    'trinity.io/argocd-app-selector': 'app.kubernetes.io/part-of=storefront',
  };
  const hijackPath = '/api/traffic/entities/system/default/checkout';

  it("refuses another product's hostname claimed by annotation: nothing at PowerDNS changes", async () => {
    const { server } = await backend({ entities: [hijacker] });
    const view = await request(server).get(hijackPath).set(user);
    expect(view.status).toBe(404);
    expect(view.body.error.message).toMatch(
      /system:default\/checkout has no tenant in the infra repo/,
    );
    const res = await request(server)
      .post(`${hijackPath}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'mine now' });
    expect(res.status).toBe(404);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('ignores a tenant and entry point that did not come from the infra repo', async () => {
    const forged = infraProduct({
      product: 'checkout',
      team: 'team-payments',
      hostname: 'shop.trinity.example',
      clusters,
    }).map(e => ({
      ...e,
      metadata: {
        ...e.metadata,
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://git.trinity.example/team-payments/checkout/blob/main/catalog-info.yaml',
        },
      },
    }));
    const { server } = await backend({ entities: [hijacker, ...forged] });
    const res = await request(server)
      .post(`${hijackPath}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'forged' });
    expect(res.status).toBe(404);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('acts only when the owner the infra repo records is the catalog owner', async () => {
    const { server } = await backend({
      infra: infraProduct({
        product: 'storefront',
        team: 'team-search',
        hostname: 'shop.trinity.example',
        clusters,
      }),
    });
    const view = await request(server).get(path).set(user);
    expect(view.status).toBe(403);
    expect(view.body.error.message).toMatch(
      /records group:default\/team-search as the owner, but the catalog names group:default\/team-storefront/,
    );
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'x' });
    expect(res.status).toBe(403);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it("pauses only the tenant's applications, never by an annotation's selector", async () => {
    const { server } = await backend({ entities: [hijacker] });
    const res = await request(server)
      .post(`${hijackPath}/sync`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({ cluster: 'aws-use1-prod-01', paused: true, reason: 'mine' });
    expect(res.status).toBe(404);
    const apps = await fetch(
      `http://127.0.0.1:${
        BASE + 12
      }/api/v1/applications?selector=app.kubernetes.io/part-of%3Dstorefront`,
      { headers: { Authorization: 'Bearer demo-fleet-argocd-read' } },
    );
    expect(
      ((await apps.json()).items as any[]).every(
        a => a.spec.syncPolicy.automated,
      ),
    ).toBe(true);
  });
});

describe('reading needs traffic.entrypoint.read', () => {
  it('refuses the view, a preview and the auto-sync view with 403', async () => {
    const { server } = await backend({ deny: ['traffic.entrypoint.read'] });
    const view = await request(server).get(path).set(user);
    expect(view.status).toBe(403);
    expect(view.body.error.message).toBe(
      'you may not read the traffic of system:default/storefront',
    );
    const preview = await request(server)
      .post(`${path}/preview`)
      .set(user)
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'x' });
    expect(preview.status).toBe(403);
    expect((await request(server).get(`${path}/sync`).set(user)).status).toBe(
      403,
    );
  });
});
