/*
 * Evacuating a cluster against a real PowerDNS Authoritative (Debian, on
 * loopback), with five products on it: the plan, a refusal for anyone but
 * on-call, a rehearsal that writes nothing, a run that drains every entry
 * point it may (and skips the tier-1 product it would leave below its
 * minimum, saying why), verified by its own DNS queries and by `dig`, its
 * recovery times and one audit event per step, and the return of exactly what
 * it changed — where someone changed an entry point since, that step is a
 * conflict and the entry point is left as they set it.
 */
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dnsAnswers, eventually, RealPowerDns } from '@internal/test-services';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import powerDnsModule from '@internal/plugin-traffic-backend-module-powerdns';
import { trafficPlugin } from './plugin';
import { dnsVerdict } from './services/evacuation/dnsCheck';
import { infraProduct, productSystem } from './__testUtils__/infra';
import {
  healthyFleetStandIn,
  powerDnsConfig,
  startPowerDnsWithIngresses,
} from './__testUtils__/realPowerDns';

jest.setTimeout(120_000);

const clusters = ['aws', 'gcp', 'azure'];
const addresses = ['127.0.0.31', '127.0.0.32', '127.0.0.33'];
const GCP = '127.0.0.32';
// Four products on every cluster; mail (tier-1) on aws and gcp only:
// draining gcp would leave it one healthy cluster, below its minimum of 2.
const everywhere = ['shop', 'wallet', 'search', 'ads'];
const products = [
  ...everywhere.map(name => ({ name, clusters })),
  { name: 'mail', clusters: ['aws', 'gcp'] },
];
const hostname = (name: string) => `${name}.trinity.example`;
const entities = products.flatMap(product => [
  productSystem({
    product: product.name,
    team: `team-${product.name}`,
    hostname: hostname(product.name),
  }),
  ...infraProduct({
    product: product.name,
    team: `team-${product.name}`,
    hostname: hostname(product.name),
    clusters: product.clusters,
  }),
]);

// Team shop, with one member: the owner Backstage notifications reach.
entities.push(
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-shop', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/sam' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'sam', namespace: 'default' },
    spec: { memberOf: ['group:default/team-shop'] },
  },
);
const sam = {
  Authorization: mockCredentials.user.header('user:default/sam'),
};

const oncall = {
  Authorization: mockCredentials.user.header('user:default/otto'),
};
const guest = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};

/** Every user may shift traffic here; only otto (on-call) may evacuate. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(
      requests: Array<{ permission: { name: string } }>,
      options?: { credentials: BackstageCredentials },
    ) {
      const who = (options?.credentials?.principal as any)?.userEntityRef;
      return requests.map(r => ({
        result:
          r.permission.name === 'traffic.cluster.evacuate' &&
          who !== 'user:default/otto'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any;
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
    },
  }),
});

const fleetStandIn = healthyFleetStandIn(clusters);

/** The audit events the backend wrote, with how each ended. */
const audited: Array<{ eventId: string; meta?: any; ended?: string }> = [];
// Its background task (orphans, freeze expiry, SLO recovery) is run by
// hand: the mock scheduler (the test-utils' MockSchedulerService, typed as
// the plain service) runs tasks only when triggered.
const scheduler = mockServices.scheduler() as SchedulerService & {
  factory(): ServiceFactory;
  triggerTask(id: string): Promise<void>;
};
const auditor = mockServices.auditor.mock({
  createEvent: async (options: any) => {
    const event = { eventId: options.eventId, meta: options.meta } as any;
    audited.push(event);
    return {
      success: async () => {
        event.ended = 'succeeded';
      },
      fail: async () => {
        event.ended = 'failed';
      },
    };
  },
});

let pdns: RealPowerDns;
let port: number;
let stopPowerDns: () => Promise<void>;
let server: any;

/** Every distinct address PowerDNS answers for a product over 30 queries. */
const answers = (name: string) => dnsAnswers(pdns.dnsPort, hostname(name), 30);

let keys = 0;
async function act(name: string, body: object) {
  const path = `/api/traffic/entities/system/default/${name}`;
  const view = await request(server).get(path).set(guest);
  return request(server)
    .post(`${path}/actions`)
    .set(guest)
    .set('Idempotency-Key', `evacuation-test-${++keys}-${Date.now()}`)
    .send({ expectedVersion: view.body.state?.version, ...body });
}

async function finished(id: string) {
  let run: any;
  await eventually(
    async () => {
      run = (
        await request(server).get(`/api/traffic/evacuations/${id}`).set(guest)
      ).body;
      return run.status !== 'running';
    },
    `run ${id} finished`,
    30_000,
  );
  return run;
}

beforeAll(async () => {
  ({
    pdns,
    port,
    stop: stopPowerDns,
  } = await startPowerDnsWithIngresses(addresses));
  ({ server } = await startTestBackend({
    features: [
      trafficPlugin,
      powerDnsModule,
      // The real notifications backend: owners read what they were told.
      notificationsPlugin,
      fleetStandIn,
      permissions,
      auditor.factory,
      scheduler.factory(),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          ...powerDnsConfig({ pdns, port, clusters, addresses }),
          // The notifications backend links to the app.
          app: { baseUrl: 'http://localhost:3000' },
        },
      }),
    ],
  }));
  // Each product's entry point published at weight 1 on its clusters.
  for (const product of products) {
    const published = await act(product.name, {
      kind: 'weights',
      weights: Object.fromEntries(product.clusters.map(c => [c, 1])),
      reason: 'publish the entry point',
    });
    if (published.body.outcome !== 'applied') {
      throw new Error(
        `${product.name} not published: ${JSON.stringify(published.body)}`,
      );
    }
  }
  for (const product of products) {
    await eventually(
      async () => (await answers(product.name)).has(GCP),
      `${product.name} answering gcp`,
    );
  }
});

afterAll(() => stopPowerDns?.());

it('plans every entry point on gcp, with the tier-1 product it would leave below its minimum skipped and why', async () => {
  const res = await request(server)
    .get('/api/traffic/clusters/gcp/evacuation')
    .set(guest);
  expect(res.status).toBe(200);
  expect(res.body.entries.map((e: any) => e.entryPoint)).toEqual(
    ['ads', 'mail', 'search', 'shop', 'wallet'].map(hostname),
  );
  const shop = res.body.entries.find(
    (e: any) => e.entityRef === 'system:default/shop',
  );
  expect(shop).toMatchObject({
    allowed: true,
    weightsBefore: { aws: 1, gcp: 1, azure: 1 },
    weightsAfter: { aws: 1, gcp: 0, azure: 1 },
  });
  const mail = res.body.entries.find(
    (e: any) => e.entityRef === 'system:default/mail',
  );
  expect(mail.allowed).toBe(false);
  expect(mail.skipReason).toMatch(
    /At least 2 healthy serving clusters \(tier-1\)/,
  );
});

it('refuses anyone but on-call, and a mistyped cluster name, changing nothing', async () => {
  const asOwner = await request(server)
    .post('/api/traffic/clusters/gcp/evacuations')
    .set(guest)
    .send({ mode: 'run', reason: 'not mine to move', confirmCluster: 'gcp' });
  expect(asOwner.status).toBe(403);
  expect(asOwner.body.error.message).toMatch(/only platform on-call/);
  const mistyped = await request(server)
    .post('/api/traffic/clusters/gcp/evacuations')
    .set(oncall)
    .send({ mode: 'run', reason: 'gcp is down', confirmCluster: 'gpc' });
  expect(mistyped.status).toBe(400);
  expect(mistyped.body.error.message).toMatch(
    /type the cluster's name \(gcp\)/,
  );
  for (const name of everywhere)
    expect((await answers(name)).has(GCP)).toBe(true);
});

it('rehearses: every check, a predicted convergence, recorded, and nothing written', async () => {
  const res = await request(server)
    .post('/api/traffic/clusters/gcp/evacuations')
    .set(oncall)
    .send({ mode: 'rehearsal', reason: 'game day', confirmCluster: 'gcp' });
  expect(res.status).toBe(202);
  expect(res.body.status).toBe('rehearsed');
  const statuses = Object.fromEntries(
    res.body.steps.map((step: any) => [step.id, step.status]),
  );
  expect(statuses).toMatchObject({
    'entry:shop.trinity.example': 'predicted',
    'entry:mail.trinity.example': 'skipped',
    verify: 'predicted',
  });
  // TTL 5 s + the health check's 5 s + PowerDNS' 1 s.
  expect(res.body.predictedConvergenceSeconds).toBe(11);
  for (const name of everywhere)
    expect((await answers(name)).has(GCP)).toBe(true);
  const list = await request(server)
    .get('/api/traffic/clusters/gcp/evacuations')
    .set(guest);
  expect(list.body.rehearsalOverdue).toBe(false);
  expect(list.body.lastRehearsedAt).toBe(res.body.createdAt);
});

let evacuation: any;
it('evacuates gcp: every entry point it may drains, verified, and DNS stops answering gcp', async () => {
  const started = await request(server)
    .post('/api/traffic/clusters/gcp/evacuations')
    .set(oncall)
    .send({
      mode: 'run',
      reason: 'gcp region down',
      confirmCluster: 'gcp',
      continueOnRefusal: true,
      // No Argo CD here: the freeze is tested on the demo fleet's
      // (plugin.evacuation.test.ts).
      freeze: false,
    });
  expect(started.status).toBe(202);
  evacuation = await finished(started.body.id);
  expect(evacuation.status).toBe('completed');
  const statuses = Object.fromEntries(
    evacuation.steps.map((step: any) => [step.id, step.status]),
  );
  expect(statuses).toEqual({
    preflight: 'passed',
    'entry:ads.trinity.example': 'applied',
    'entry:mail.trinity.example': 'skipped',
    'entry:search.trinity.example': 'applied',
    'entry:shop.trinity.example': 'applied',
    'entry:wallet.trinity.example': 'applied',
    verify: 'verified',
  });
  expect(evacuation.verifiedAfterSeconds).toBeLessThan(10);
  // The backend asked PowerDNS itself (DNS, not its API) until no answer
  // was gcp: that time is the run's DNS recovery.
  expect(evacuation.dnsClearAfterSeconds).toBeGreaterThanOrEqual(
    evacuation.verifiedAfterSeconds,
  );
  expect(evacuation.dnsClearAfterSeconds).toBeLessThan(30);
  expect(evacuation.steps.at(-1).detail).toContain(
    `their nameservers (127.0.0.1:${pdns.dnsPort}) no longer answer it for 4 entry points`,
  );
  // One audit event per step the run executed, each with its outcome.
  expect(
    audited
      .filter(event => event.meta?.evacuation === evacuation.id)
      .map(event => [event.meta.step, event.meta.actor, event.ended]),
  ).toEqual([
    ['entry:ads.trinity.example', 'user:default/otto', 'succeeded'],
    ['entry:search.trinity.example', 'user:default/otto', 'succeeded'],
    ['entry:shop.trinity.example', 'user:default/otto', 'succeeded'],
    ['entry:wallet.trinity.example', 'user:default/otto', 'succeeded'],
    ['verify', 'user:default/otto', 'succeeded'],
  ]);
  for (const name of everywhere) {
    expect([...(await answers(name))].sort()).toEqual([
      '127.0.0.31',
      '127.0.0.33',
    ]);
  }
  // The product it skipped keeps gcp, and the same DNS check says so.
  expect((await answers('mail')).has(GCP)).toBe(true);
  await expect(
    dnsVerdict(
      {
        name: hostname('mail'),
        provider: 'powerdns',
        tier: 'tier-1',
        targets: [
          { cluster: 'aws', target: '127.0.0.31' },
          { cluster: 'gcp', target: GCP },
        ],
      },
      [{ address: '127.0.0.1', port: pdns.dnsPort }],
      'gcp',
    ),
  ).resolves.toEqual({ state: 'answers', target: GCP });
  // Each drain is in its product's history, by the on-call engineer.
  const shop = await request(server)
    .get('/api/traffic/entities/system/default/shop')
    .set(guest);
  expect(shop.body.history[0]).toMatchObject({
    kind: 'drain',
    cluster: 'gcp',
    actor: 'user:default/otto',
    outcome: 'applied',
  });
  expect(shop.body.history[0].reason).toMatch(
    /^evacuation of gcp .*: gcp region down$/,
  );
  // Every moved product's SLO is OK where it is still served (the fleet
  // stand-in says so): the background task records when.
  await scheduler.triggerTask('traffic-resume-evacuations');
  const watched = await request(server)
    .get(`/api/traffic/evacuations/${evacuation.id}`)
    .set(guest);
  expect(watched.body.sloOkAfterSeconds).toBeGreaterThanOrEqual(
    evacuation.dnsClearAfterSeconds,
  );
  // Shop's owners were told, through the notifications backend: sam, a
  // member of team-shop, reads it as any signed-in user reads theirs.
  const told = await request(server)
    .get('/api/notifications/notifications')
    .set(sam);
  expect(told.status).toBe(200);
  expect(
    told.body.notifications.map((n: any) => [
      n.payload.title,
      n.payload.severity,
      n.payload.link,
    ]),
  ).toEqual([
    [
      "shop's traffic moved off gcp",
      'high',
      '/catalog/default/system/shop/failover',
    ],
  ]);
  expect(told.body.notifications[0].payload.description).toMatch(
    /^shop\.trinity\.example: aws 1, gcp 1, azure 1 → aws 1, gcp 0, azure 1\. Evacuated by user:default\/otto: gcp region down$/,
  );
  // A completed run has nothing to resume.
  const resumed = await request(server)
    .post(`/api/traffic/evacuations/${evacuation.id}/resume`)
    .set(oncall);
  expect(resumed.status).toBe(409);
});

it('returns exactly what it changed; an entry point changed since is a conflict, left as it is', async () => {
  // Team shop has since weighed its clusters by hand.
  const byHand = await act('shop', {
    kind: 'weights',
    weights: { aws: 2, gcp: 0, azure: 1 },
    reason: 'more to aws while gcp is out',
  });
  expect(byHand.body.outcome).toBe('applied');

  const started = await request(server)
    .post(`/api/traffic/evacuations/${evacuation.id}/return`)
    .set(oncall)
    .send({ reason: 'gcp is back' });
  expect(started.status).toBe(202);
  const back = await finished(started.body.id);
  const statuses = Object.fromEntries(
    back.steps.map((step: any) => [step.id, step.status]),
  );
  expect(statuses).toEqual({
    'entry:ads.trinity.example': 'applied',
    'entry:search.trinity.example': 'applied',
    'entry:shop.trinity.example': 'conflict',
    'entry:wallet.trinity.example': 'applied',
  });
  expect(
    back.steps.find((s: any) => s.id === 'entry:shop.trinity.example').detail,
  ).toMatch(/changed since the evacuation \(now aws 2, gcp 0, azure 1/);
  for (const name of ['ads', 'search', 'wallet']) {
    await eventually(
      async () => (await answers(name)).has(GCP),
      `${name} answering gcp again`,
    );
  }
  expect((await answers('shop')).has(GCP)).toBe(false);
  // Shop's step was a conflict, so its owners were told nothing new.
  const told = await request(server)
    .get('/api/notifications/notifications')
    .set(sam);
  expect(told.body.notifications).toHaveLength(1);
});
