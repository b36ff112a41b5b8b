/*
 * The proof against a real PowerDNS Authoritative (Debian package, started
 * on loopback): drain through the backend API, and `dig` no longer returns
 * the drained cluster's address; restore brings it back; a change from a
 * stale preview is refused and changes nothing. And an agent's drain over
 * MCP (a real MCP client against Backstage's MCP server) does the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  connectMcp,
  dnsAnswers,
  eventually,
  RealPowerDns,
} from '@internal/test-services';
import powerDnsModule from '@internal/plugin-traffic-backend-module-powerdns';
import { trafficPlugin } from './plugin';
import { infraProduct, productSystem } from './__testUtils__/infra';
import {
  healthyFleetStandIn,
  startPowerDnsWithIngresses,
} from './__testUtils__/realPowerDns';

jest.setTimeout(90_000);

const clusters = ['aws', 'gcp', 'azure'];
const addresses = ['127.0.0.21', '127.0.0.22', '127.0.0.23'];
let pdns: RealPowerDns;
let port: number;
let stopPowerDns: () => Promise<void>;
const forgeDir = fs.mkdtempSync(
  nodePath.join(os.tmpdir(), 'trinity-pdns-forge-'),
);

// The shop and what the infra repo gives it.
const product = productSystem({
  product: 'shop',
  team: 'team-storefront',
  hostname: 'shop.trinity.example',
});
const infra = infraProduct({
  product: 'shop',
  team: 'team-storefront',
  hostname: 'shop.trinity.example',
  clusters,
});

const fleetStandIn = healthyFleetStandIn(clusters);

/** Every distinct answer over n queries. */
const answers = (n = 40) => dnsAnswers(pdns.dnsPort, 'shop.trinity.example', n);

beforeAll(async () => {
  ({
    pdns,
    port,
    stop: stopPowerDns,
  } = await startPowerDnsWithIngresses(addresses));
});

afterAll(async () => {
  await stopPowerDns?.();
  fs.rmSync(forgeDir, { recursive: true, force: true });
});

describe('traffic backend on a real PowerDNS', () => {
  it('publishes, drains, refuses a stale change, and restores — as dig sees it', async () => {
    const { server } = await startTestBackend({
      features: [
        mcpActionsPlugin,
        trafficPlugin,
        powerDnsModule,
        fleetStandIn,
        catalogServiceMock.factory({ entities: [product, ...infra] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['traffic'] } },
            // The release actions' forge (unused here): a scratch directory.
            app: { baseUrl: 'http://localhost:3000' },
            trinity: {
              forge: { local: { directory: forgeDir } },
              publicZones: [
                {
                  name: 'trinity.example',
                  zoneId: 'Z0TRINITYEXAMPLE0000001',
                  provider: 'powerdns',
                },
              ],
              clusters: Object.fromEntries(
                clusters.map((c, i) => [c, { ingress: addresses[i] }]),
              ),
              traffic: {
                cooldownSeconds: 0,
                powerdns: {
                  url: pdns.url,
                  apiKey: pdns.apiKey,
                  zone: 'trinity.example',
                  ttl: 5,
                  healthCheck: { port, timeoutMs: 500 },
                },
              },
            },
          },
        }),
      ],
    });
    const user = {
      Authorization: mockCredentials.user.header('user:default/guest'),
    };
    const path = '/api/traffic/entities/system/default/shop';
    const version = async () =>
      (await request(server).get(path).set(user)).body.state.version;
    let n = 0;
    const act = async (body: object, expectedVersion?: string) =>
      request(server)
        .post(`${path}/actions`)
        .set(user)
        .set('Idempotency-Key', `real-pdns-${++n}-${Date.now()}`)
        .send({
          expectedVersion: expectedVersion ?? (await version()),
          ...body,
        });

    // Not published yet: set weights publishes the record.
    const published = await act({
      kind: 'weights',
      weights: { aws: 1, gcp: 1, azure: 1 },
      reason: 'publish the entry point',
    });
    expect(published.body).toMatchObject({ outcome: 'applied' });
    await eventually(
      async () => (await answers()).size === 3,
      'all three answered',
    );

    const before = await version();
    const drained = await act(
      { kind: 'drain', cluster: 'gcp', reason: 'drain test' },
      before,
    );
    expect(drained.status).toBe(200);
    const seen = await answers(60);
    expect(seen.has('127.0.0.22')).toBe(false);
    expect([...seen].sort()).toEqual(['127.0.0.21', '127.0.0.23']);

    // A second operator acting on the preview from before the drain.
    const stale = await act(
      { kind: 'drain', cluster: 'azure', reason: 'stale' },
      before,
    );
    expect(stale.status).toBe(409);
    expect((await answers(40)).has('127.0.0.23')).toBe(true);

    const restored = await act({
      kind: 'restore',
      cluster: 'gcp',
      reason: 'restore test',
    });
    expect(restored.status).toBe(200);
    await eventually(
      async () => (await answers()).has('127.0.0.22'),
      'gcp answered again',
    );

    // An agent of the same user, over MCP: preview, apply, and dig agrees.
    const agent = await connectMcp(server, user.Authorization);
    const preview = await agent.call('traffic.preview-traffic-change', {
      entityRef: 'system:default/shop',
      kind: 'drain',
      cluster: 'azure',
    });
    expect(preview.output.allowed).toBe(true);
    const applied = await agent.call('traffic.apply-traffic-change', {
      entityRef: 'system:default/shop',
      kind: 'drain',
      cluster: 'azure',
      reason: 'agent drain on a real PowerDNS',
      expectedVersion: preview.output.version,
      idempotencyKey: `real-pdns-mcp-${Date.now()}`,
    });
    expect(applied.output).toMatchObject({ outcome: 'applied' });
    const afterAgent = await answers(60);
    expect([...afterAgent].sort()).toEqual(['127.0.0.21', '127.0.0.22']);
    await agent.close();
  });
});
