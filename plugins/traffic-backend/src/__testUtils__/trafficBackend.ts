/*
 * The traffic backend end to end: the plugin with the PowerDNS provider
 * module against the demo fleet's PowerDNS API and ingress health endpoints,
 * a catalog holding the storefront, and a stand-in for the fleet backend
 * whose answer each test sets (the safety rules read it over HTTP).
 *
 * Shared by the plugin.*.test.ts files: each calls `trafficTest(base)` once
 * at its top level with its own base port (the demo fleet takes base to
 * base + 80), so that Jest can run the files side by side. Each test gets a
 * fresh demo fleet and starts its own backend.
 */
import fs from 'node:fs';
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
import { forgeServiceRef, LocalForge } from '@internal/plugin-forge-node';
import powerDnsModule, {
  parsePowerDnsLua,
} from '@internal/plugin-traffic-backend-module-powerdns';
import { trafficPlugin } from '../plugin';
import { infraForge, infraProduct, productSystem } from './infra';

export const clusters = [
  'aws-use1-prod-01',
  'gcp-euw1-prod-01',
  'azure-eastus-prod-01',
];

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
const clusterResources = (base: number) =>
  clusters.map((name, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'trinity.io/argocd-url': `http://127.0.0.1:${base + 12 + i * 10}`,
      },
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform-runtime',
      upgradeRing: ['ring-1', 'ring-0', 'ring-2'][i],
    },
  }));

/** What the fleet view says per cluster; each test starts from all healthy. */
export type Signals = {
  down?: boolean;
  burning?: boolean;
  headroom?: boolean | null;
};

type Audit = {
  eventId: string;
  severityLevel?: string;
  meta?: any;
  result?: any;
};

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

export const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
export const path = '/api/traffic/entities/system/default/storefront';
let keys = 0;
/** storefront's applications' auto-sync on cluster `index`, as its Argo CD holds them. */
export async function autoSyncOn(base: number, index: number) {
  const res = await fetch(
    `http://127.0.0.1:${
      base + 12 + index * 10
    }/api/v1/applications?selector=app.kubernetes.io/part-of%3Dstorefront`,
    { headers: { Authorization: 'Bearer demo-fleet-argocd-token' } },
  );
  return ((await res.json()).items as any[]).map(
    app => app.spec.syncPolicy.automated ?? null,
  );
}

export const key = () => `test-key-${Date.now()}-${++keys}`;

/**
 * Registers the test file's hooks: a fresh demo fleet on `base` before each
 * test (stopped after it), all clusters healthy, no audits. What a test
 * reads or sets: `fleet`, `signals` (the fleet stand-in's answer), `audits`
 * (every event the plugin recorded).
 */
export function trafficTest(base: number) {
  const t = {
    fleet: undefined as unknown as DemoFleet,
    forge: undefined as unknown as LocalForge,
    forgeDir: '',
    signals: {} as Record<string, Signals>,
    audits: [] as Audit[],
    backend,
    powerDnsWeights,
    act,
  };

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
                const s = t.signals[name] ?? {};
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
                            enough:
                              s.headroom === undefined ? true : s.headroom,
                            reason:
                              s.headroom === false
                                ? 'short by 4 replicas'
                                : 'ok',
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
        t.audits.push(event);
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
      /** More plugins beside it (the MCP server, for the actions test). */
      features?: Parameters<typeof startTestBackend>[0]['features'];
    } = {},
  ) {
    return startTestBackend({
      features: [
        ...(options.features ?? []),
        trafficPlugin,
        powerDnsModule,
        fleetStandIn,
        auditor,
        createServiceFactory({
          service: forgeServiceRef,
          deps: {},
          factory: () => t.forge,
        }),
        catalogServiceMock.factory({
          entities: [
            storefront,
            ...(options.infra ?? storefrontInfra),
            ...(options.centralArgoCd
              ? clusterResources(base).map(c => ({
                  ...c,
                  metadata: { ...c.metadata, annotations: {} },
                }))
              : clusterResources(base)),
            ...(options.entities ?? []),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            // The actions agents call (the MCP server lists these).
            backend: { actions: { pluginSources: ['traffic'] } },
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
                    url: t.fleet.centralArgoCdUrl,
                    readToken: 'demo-fleet-argocd-read',
                    writeToken: 'demo-fleet-argocd-token',
                  },
                },
              }),
              traffic: {
                cooldownSeconds: options.cooldownSeconds ?? 0,
                minHealthyClusters: options.minHealthyClusters,
                powerdns: {
                  url: t.fleet.powerDnsUrl,
                  apiKey: 'demo-fleet-pdns-key',
                  zone: 'trinity.example',
                  healthCheck: { port: base + 80, timeoutMs: 500 },
                },
              },
            },
          },
        }),
        permissionsDenying(options.deny ?? []),
      ],
    });
  }

  /** The weights PowerDNS holds now, read from its API (not from the plugin). */
  async function powerDnsWeights() {
    const zone = await (
      await fetch(
        `${t.fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
        {
          headers: { 'X-API-Key': 'demo-fleet-pdns-key' },
        },
      )
    ).json();
    const rr = zone.rrsets.find((r: any) => r.name === 'shop.trinity.example.');
    return parsePowerDnsLua(rr.records[0].content)!.targets.map(
      target => target.weight,
    );
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
    // The fleet's signals are the test's (`signals`): no Prometheus is read.
    t.fleet = await startDemoFleet({
      basePort: base,
      seed: 'traffic-test',
      prometheus: false,
    });
    const infra = await infraForge();
    t.forge = infra.forge;
    t.forgeDir = infra.dir;
    t.signals = {};
    t.audits = [];
  });
  afterEach(async () => {
    await t.fleet.stop();
    fs.rmSync(t.forgeDir, { recursive: true, force: true });
  });

  return t;
}
