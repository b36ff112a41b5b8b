/*
 * The Cloudflare provider through the official SDK against msw handlers
 * serving Cloudflare's v4 API envelope ({ success, errors, messages, result })
 * with fixtures typed by the SDK's own models, so a fixture that drifts from
 * the documented shapes fails to compile.
 */
import Cloudflare from 'cloudflare';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { EntryPointSpec } from '@internal/plugin-traffic-common';
import { createCloudflareProvider } from './cloudflareProvider';

type LoadBalancer = Cloudflare.LoadBalancers.LoadBalancer;
type Pool = Cloudflare.LoadBalancers.Pool;
type PoolHealth = Cloudflare.LoadBalancers.Pools.HealthGetResponse;

const base = 'https://cloudflare.test/client/v4';
const account = 'acc0000000000000000000000000000a';
const zone = 'zon0000000000000000000000000000z';

const entry: EntryPointSpec = {
  name: 'shop.trinity.example',
  provider: 'cloudflare',
  tier: 'tier-1',
  // As the infra repo's EntryPoint names them: each cluster's ingress.
  targets: [
    { cluster: 'aws-use1-prod-01', target: 'ingress.aws.trinity.example' },
    { cluster: 'gcp-euw1-prod-01', target: 'ingress.gcp.trinity.example' },
    {
      cluster: 'azure-eastus-prod-01',
      target: 'ingress.azure.trinity.example',
    },
  ],
};

let lb: LoadBalancer;
let pools: Record<string, Pool>;
let health: Record<string, PoolHealth>;
const writes: Array<{ method: string; path: string; body: any }> = [];

const envelope = (result: unknown) =>
  HttpResponse.json({ success: true, errors: [], messages: [], result });

const server = setupServer(
  http.get(`${base}/zones/:zone/load_balancers`, () =>
    HttpResponse.json({
      success: true,
      errors: [],
      messages: [],
      result: [lb, { ...lb, id: 'lb-other', name: 'www.trinity.example' }],
      result_info: { page: 1, per_page: 20, count: 2, total_count: 2 },
    }),
  ),
  http.get(
    `${base}/accounts/:account/load_balancers/pools/:pool/health`,
    ({ params }) => envelope(health[String(params.pool)]),
  ),
  http.get(
    `${base}/accounts/:account/load_balancers/pools/:pool`,
    ({ params }) => envelope(pools[String(params.pool)]),
  ),
  http.patch(
    `${base}/accounts/:account/load_balancers/pools/:pool`,
    async ({ request, params }) => {
      const body = (await request.json()) as Partial<Pool>;
      writes.push({ method: 'PATCH', path: `pool ${params.pool}`, body });
      pools[String(params.pool)] = { ...pools[String(params.pool)], ...body };
      return envelope(pools[String(params.pool)]);
    },
  ),
  http.patch(
    `${base}/zones/:zone/load_balancers/:lb`,
    async ({ request, params }) => {
      const body = (await request.json()) as Partial<LoadBalancer>;
      writes.push({ method: 'PATCH', path: `lb ${params.lb}`, body });
      lb = { ...lb, ...body };
      return envelope(lb);
    },
  ),
);

const clusterOf: Record<string, string> = {
  'pool-aws': 'aws-use1-prod-01',
  'pool-gcp': 'gcp-euw1-prod-01',
  'pool-azure': 'azure-eastus-prod-01',
};
// As the EntryPoint composition writes a pool: one origin named after its
// cluster, at the cluster's ingress.
const pool = (id: string, enabled = true): Pool => ({
  id,
  name: id.replace('pool-', 'shop-'),
  enabled,
  minimum_origins: 1,
  monitor: 'mon-healthz',
  origins: [
    {
      name: clusterOf[id],
      address: `ingress.${id.replace('pool-', '')}.trinity.example`,
      enabled: true,
      weight: 1,
    },
  ],
});

const healthy = (id: string, ok = true): PoolHealth => ({
  pool_id: id,
  pop_health: {
    healthy: ok,
    origins: [
      {
        ip: {
          healthy: ok,
          rtt: '12ms',
          failure_reason: ok ? 'No failures' : 'HTTP timeout occurred',
          response_code: ok ? 200 : 0,
        },
      },
    ],
  },
});

const provider = () =>
  createCloudflareProvider({
    client: new Cloudflare({
      apiToken: 'test-token',
      baseURL: base,
      maxRetries: 0,
    }),
    accountId: account,
    zoneId: zone,
  });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  writes.length = 0;
  lb = {
    id: 'lb-shop',
    name: 'shop.trinity.example',
    enabled: true,
    ttl: 30,
    proxied: true,
    steering_policy: 'random',
    default_pools: ['pool-aws', 'pool-gcp', 'pool-azure'],
    fallback_pool: 'pool-aws',
    random_steering: {
      default_weight: 1,
      pool_weights: { 'pool-aws': 1, 'pool-gcp': 0.5, 'pool-azure': 1 },
    },
  };
  pools = {
    'pool-aws': pool('pool-aws'),
    'pool-gcp': pool('pool-gcp'),
    'pool-azure': pool('pool-azure', false),
  };
  health = {
    'pool-aws': healthy('pool-aws'),
    'pool-gcp': healthy('pool-gcp', false),
    'pool-azure': healthy('pool-azure'),
  };
});

describe('Cloudflare provider', () => {
  it('reads weights from random steering and enabled pools, and pool health', async () => {
    const reading = await provider().read(entry);
    expect(reading.weights).toEqual({
      'aws-use1-prod-01': 100,
      'gcp-euw1-prod-01': 50,
      'azure-eastus-prod-01': 0,
    });
    expect(reading.health['gcp-euw1-prod-01']).toEqual({
      status: 'unhealthy',
      detail: 'ip: HTTP timeout occurred',
    });
    expect(reading.health['aws-use1-prod-01'].status).toBe('healthy');
    expect(reading.ttl).toBe(30);
    expect(reading.records[0]).toEqual({
      name: 'pool shop-aws',
      type: 'pool',
      content: ['enabled=true', 'weight=1.00'],
      setIdentifier: 'pool-aws',
      weight: 100,
    });
  });

  it('drains by disabling the pool, then sets the remaining weights', async () => {
    const p = provider();
    const reading = await p.read(entry);
    await p.write(entry, reading, {
      'aws-use1-prod-01': 0,
      'gcp-euw1-prod-01': 50,
      'azure-eastus-prod-01': 0,
    });
    expect(writes).toEqual([
      { method: 'PATCH', path: 'pool pool-aws', body: { enabled: false } },
      {
        method: 'PATCH',
        path: 'lb lb-shop',
        body: {
          random_steering: {
            default_weight: 1,
            pool_weights: { 'pool-aws': 1, 'pool-gcp': 0.5, 'pool-azure': 1 },
          },
        },
      },
    ]);
    expect((await p.read(entry)).weights['aws-use1-prod-01']).toBe(0);
  });

  it('restores by enabling the pool with its weight', async () => {
    const p = provider();
    const reading = await p.read(entry);
    await p.write(entry, reading, {
      'aws-use1-prod-01': 100,
      'gcp-euw1-prod-01': 50,
      'azure-eastus-prod-01': 80,
    });
    expect(writes[0]).toEqual({
      method: 'PATCH',
      path: 'pool pool-azure',
      body: { enabled: true },
    });
    expect(writes[1].body.random_steering.pool_weights['pool-azure']).toBe(0.8);
    expect((await p.read(entry)).weights['azure-eastus-prod-01']).toBe(80);
  });

  it('names a missing load balancer', async () => {
    await expect(
      provider().read({ ...entry, name: 'cart.trinity.example' }),
    ).rejects.toThrow(
      `no Cloudflare load balancer named cart.trinity.example in zone ${zone}`,
    );
  });

  it('names a cluster no pool of the load balancer serves', async () => {
    await expect(
      provider().read({
        ...entry,
        targets: [
          ...entry.targets,
          { cluster: 'oci-fra-prod-01', target: 'ingress.oci.trinity.example' },
        ],
      }),
    ).rejects.toThrow(
      'no pool of the load balancer shop.trinity.example serves oci-fra-prod-01',
    );
  });

  it("passes Cloudflare's refusal on", async () => {
    server.use(
      http.patch(`${base}/accounts/:account/load_balancers/pools/:pool`, () =>
        HttpResponse.json(
          {
            success: false,
            errors: [{ code: 10000, message: 'Authentication error' }],
            messages: [],
            result: null,
          },
          { status: 403 },
        ),
      ),
    );
    const p = provider();
    await expect(
      p.write(entry, await p.read(entry), {
        'aws-use1-prod-01': 0,
        'gcp-euw1-prod-01': 50,
        'azure-eastus-prod-01': 0,
      }),
    ).rejects.toThrow(/Authentication error/);
  });
});
