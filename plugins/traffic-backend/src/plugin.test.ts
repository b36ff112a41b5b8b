/*
 * The traffic backend end to end: the plugin with the PowerDNS provider
 * module against the demo fleet's PowerDNS API and ingress health endpoints,
 * a catalog holding the storefront, and a stand-in for the fleet backend
 * whose answer each test sets (the safety rules read it over HTTP).
 */
import request from 'supertest';
import express from 'express';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import powerDnsModule from '@internal/plugin-traffic-backend-module-powerdns';
import { parsePowerDnsLua } from '@internal/plugin-traffic-common';
import { trafficPlugin } from './plugin';
import { infraProduct, productSystem } from './__testUtils__/infra';

jest.setTimeout(60_000);

const BASE = 17700;
const clusters = [
  'aws-use1-prod-01',
  'gcp-euw1-prod-01',
  'azure-eastus-prod-01',
];
let fleet: DemoFleet;

const storefront = productSystem({
  product: 'storefront',
  team: 'team-storefront',
  hostname: 'shop.trinity.example',
});
// What the infra repo gives storefront: its tenant and entry point.
const storefrontInfra = infraProduct({
  product: 'storefront',
  team: 'team-storefront',
  hostname: 'shop.trinity.example',
  clusters,
});

// The registry entries the kill switch finds each cluster's Argo CD in.
const clusterResources = clusters.map((name, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'trinity.io/argocd-url': `http://127.0.0.1:${BASE + 12 + i * 10}`,
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-runtime' },
}));

/** What the fleet view says per cluster; each test starts from all healthy. */
type Signals = { down?: boolean; burning?: boolean; headroom?: boolean | null };
let signals: Record<string, Signals> = {};

const fleetStandIn = createBackendPlugin({
  pluginId: 'fleet',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.get('/entities/:kind/:namespace/:name', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          const cell = (status: string, data?: object) => ({
            status,
            summary: status,
            fetchedAt: new Date().toISOString(),
            data,
          });
          const error = {
            status: 'unknown',
            summary: 'refused',
            error: { name: 'Error', message: 'refused' },
            fetchedAt: new Date().toISOString(),
          };
          res.json({
            entityRef: 'system:default/storefront',
            sources: [],
            generatedAt: new Date().toISOString(),
            rows: clusters.map(name => {
              const s = signals[name] ?? {};
              return {
                cluster: {
                  name,
                  title: name,
                  provider: 'x',
                  region: 'r',
                  upgradeRing: 'r',
                },
                cells: s.down
                  ? { argocd: error, workloads: error, slo: error }
                  : {
                      argocd: cell('ok'),
                      workloads: cell('ok', {
                        headroom: {
                          enough: s.headroom === undefined ? true : s.headroom,
                          reason:
                            s.headroom === false ? 'short by 4 replicas' : 'ok',
                        },
                      }),
                      slo: cell(s.burning ? 'critical' : 'ok'),
                    },
              };
            }),
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

type Audit = {
  eventId: string;
  severityLevel?: string;
  meta?: any;
  result?: any;
};
let audits: Audit[] = [];
const auditor = createServiceFactory({
  service: coreServices.auditor,
  deps: {},
  factory: () => ({
    async createEvent(opts: any) {
      const event: Audit = {
        eventId: opts.eventId,
        severityLevel: opts.severityLevel,
        meta: opts.meta,
      };
      audits.push(event);
      return {
        async success(o?: any) {
          event.result = { status: 'succeeded', ...o };
        },
        async fail(o: any) {
          event.result = { status: 'failed', ...o };
        },
      };
    },
  }),
});

/** A permission service that refuses the named permissions to users. */
const permissionsDenying = (names: string[]) =>
  createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: Array<{ permission: { name: string } }>) {
        return requests.map(r => ({
          result: names.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        })) as any;
      },
      async authorizeConditional(requests: any[]) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
      },
    }),
  });

async function backend(
  options: {
    /** Permissions the signed-in user is refused (every other is allowed). */
    deny?: string[];
    cooldownSeconds?: number;
    minHealthyClusters?: Record<string, number>;
    entities?: Entity[];
    /** Replaces the storefront's tenant and entry point. */
    infra?: Entity[];
    /** The clusters have no Argo CD of their own: the central one holds their apps. */
    centralArgoCd?: boolean;
  } = {},
) {
  return startTestBackend({
    features: [
      trafficPlugin,
      powerDnsModule,
      fleetStandIn,
      auditor,
      catalogServiceMock.factory({
        entities: [
          storefront,
          ...(options.infra ?? storefrontInfra),
          ...(options.centralArgoCd
            ? clusterResources.map(c => ({
                ...c,
                metadata: { ...c.metadata, annotations: {} },
              }))
            : clusterResources),
          ...(options.entities ?? []),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          trinity: {
            // The demo fleet plays the zone and each cluster's ingress.
            publicZones: [
              {
                name: 'trinity.example',
                zoneId: 'Z0TRINITYEXAMPLE0000001',
                provider: 'powerdns',
              },
            ],
            clusters: Object.fromEntries(
              clusters.map((c, i) => [
                c,
                {
                  ingress: `127.0.0.${11 + i}`,
                  argocd: {
                    readToken: 'demo-fleet-argocd-read',
                    writeToken: 'demo-fleet-argocd-token',
                  },
                },
              ]),
            ),
            ...(options.centralArgoCd && {
              argocd: {
                central: {
                  url: fleet.centralArgoCdUrl,
                  readToken: 'demo-fleet-argocd-read',
                  writeToken: 'demo-fleet-argocd-token',
                },
              },
            }),
            traffic: {
              cooldownSeconds: options.cooldownSeconds ?? 0,
              minHealthyClusters: options.minHealthyClusters,
              powerdns: {
                url: fleet.powerDnsUrl,
                apiKey: 'demo-fleet-pdns-key',
                zone: 'trinity.example',
                healthCheck: { port: BASE + 80, timeoutMs: 500 },
              },
            },
          },
        },
      }),
      permissionsDenying(options.deny ?? []),
    ],
  });
}

const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const path = '/api/traffic/entities/system/default/storefront';
let keys = 0;
const key = () => `test-key-${Date.now()}-${++keys}`;

/** The weights PowerDNS holds now, read from its API (not from the plugin). */
async function powerDnsWeights() {
  const zone = await (
    await fetch(
      `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
      {
        headers: { 'X-API-Key': 'demo-fleet-pdns-key' },
      },
    )
  ).json();
  const rr = zone.rrsets.find((r: any) => r.name === 'shop.trinity.example.');
  return parsePowerDnsLua(rr.records[0].content)!.targets.map(t => t.weight);
}

async function act(server: any, body: object, headers: object = {}) {
  const view = await request(server).get(path).set(user);
  return request(server)
    .post(`${path}/actions`)
    .set(user)
    .set('Idempotency-Key', key())
    .set(headers as any)
    .send({ expectedVersion: view.body.state.version, ...body });
}

beforeEach(async () => {
  fleet = await startDemoFleet({ basePort: BASE, seed: 'traffic-test' });
  signals = {};
  audits = [];
});
afterEach(() => fleet.stop());

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
    await fleet.scenarios.set('azure-eastus-prod-01', { down: true });
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
    await fleet.stop();
    const res = await request(server).get(path).set(user);
    expect(res.status).toBe(200);
    expect(res.body.state).toBeUndefined();
    expect(res.body.error.message).toMatch(/^powerdns: /);
    expect(res.body.drains).toHaveLength(1);
    expect(res.body.history).toHaveLength(1);
    fleet = await startDemoFleet({ basePort: BASE, seed: 'traffic-test' });
  });
});

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
    expect(audits[0]).toMatchObject({
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

describe('safety rules through the API', () => {
  it('refuses draining toward a burning cluster with 409 naming it', async () => {
    signals = { 'azure-eastus-prod-01': { burning: true } };
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
    expect(audits.at(-1)!.result.status).toBe('failed');
  });

  it('refuses draining a tier-1 product below two healthy clusters', async () => {
    signals = { 'azure-eastus-prod-01': { down: true } };
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
    signals = { 'aws-use1-prod-01': { headroom: false } };
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

  it('refuses flapping: the same cluster twice within the cooldown', async () => {
    const { server } = await backend({ cooldownSeconds: 120 });
    expect(
      (
        await act(server, {
          kind: 'drain',
          cluster: 'aws-use1-prod-01',
          reason: 'a',
        })
      ).status,
    ).toBe(200);
    const res = await act(server, {
      kind: 'restore',
      cluster: 'aws-use1-prod-01',
      reason: 'b',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /aws-use1-prod-01 changed \d+ s ago/,
    );
  });
});

describe('bad input: a clear 400 and no change at the provider', () => {
  it.each([
    [
      'an unknown cluster',
      { kind: 'drain', cluster: 'oci-fra-prod-01', reason: 'x' },
      /^cluster: oci-fra-prod-01 is not a target/,
    ],
    [
      'weights that do not parse',
      { kind: 'weights', weights: { 'aws-use1-prod-01': 'half' }, reason: 'x' },
      /weights/,
    ],
    [
      'weights that sum to zero',
      {
        kind: 'weights',
        weights: {
          'aws-use1-prod-01': 0,
          'gcp-euw1-prod-01': 0,
          'azure-eastus-prod-01': 0,
        },
        reason: 'x',
      },
      /weights sum to zero/,
    ],
    [
      'a missing reason',
      { kind: 'drain', cluster: 'aws-use1-prod-01' },
      /reason/,
    ],
    [
      'a blank reason',
      { kind: 'drain', cluster: 'aws-use1-prod-01', reason: '   ' },
      /a reason is required/,
    ],
    [
      'an unknown action',
      { kind: 'reboot', cluster: 'aws-use1-prod-01', reason: 'x' },
      /kind/,
    ],
  ])('%s', async (_title, body, message) => {
    const { server } = await backend();
    const res = await act(server, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('a missing idempotency key', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/idempotency-key/i);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });
});

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
    expect(audits[0].result).toMatchObject({ status: 'failed' });
  });
});

describe('the Argo CD auto-sync kill switch', () => {
  /** The product's apps on a cluster, as its Argo CD holds them. */
  async function automated(index: number) {
    const res = await fetch(
      `http://127.0.0.1:${
        BASE + 12 + index * 10
      }/api/v1/applications?selector=app.kubernetes.io/part-of%3Dstorefront`,
      { headers: { Authorization: 'Bearer demo-fleet-argocd-token' } },
    );
    return ((await res.json()).items as any[]).map(
      a => a.spec.syncPolicy.automated ?? null,
    );
  }
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
    expect(audits.at(-1)).toMatchObject({
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
        `${fleet.centralArgoCdUrl}/api/v1/applications?selector=app.kubernetes.io/part-of%3Dstorefront`,
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
    expect(audits.at(-1)).toMatchObject({
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

describe('never the last serving target', () => {
  it('refuses draining the only serving cluster even with force', async () => {
    // Even where the tier rule would let every cluster go.
    const { server } = await backend({
      minHealthyClusters: { 'tier-1': 0, default: 0 },
    });
    for (const cluster of ['aws-use1-prod-01', 'gcp-euw1-prod-01']) {
      await act(server, { kind: 'drain', cluster, reason: 'setup' });
    }
    signals = {};
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

describe('bad input names its field', () => {
  it.each([
    [
      'a cluster named constructor',
      { kind: 'drain', cluster: 'constructor', reason: 'x' },
      /^cluster: constructor is not a target/,
    ],
    [
      'a cluster named __proto__',
      { kind: 'drain', cluster: '__proto__', reason: 'x' },
      /cluster/,
    ],
    [
      'weights keyed __proto__',
      {
        kind: 'weights',
        weights: JSON.parse('{"__proto__": 5}'),
        reason: 'x',
      },
      /weights/,
    ],
    [
      'kind weights without weights',
      { kind: 'weights', reason: 'x' },
      /weights/,
    ],
    ['a drain without its cluster', { kind: 'drain', reason: 'x' }, /cluster/],
  ])('%s: 400', async (_title, body, message) => {
    const { server } = await backend();
    for (const route of ['preview', 'actions']) {
      const res = await request(server)
        .post(`${path}/${route}`)
        .set(user)
        .set('Idempotency-Key', key())
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('a body over the size limit: 413', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({
        kind: 'drain',
        cluster: 'aws-use1-prod-01',
        reason: 'x'.repeat(200_000),
      });
    expect(res.status).toBe(413);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });
});
