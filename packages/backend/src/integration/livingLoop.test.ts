/*
 * The whole loop on the living demo fleet (issue 19's proof), with the
 * portal's real backend: the storefront's processes serve customers through
 * the real PowerDNS; a dead cluster leaves DNS and shows as errors on the
 * Fleet API; a cluster that fails its customers burns at page level from
 * the web's own metrics in its real Prometheus; on-call drains it through
 * the traffic API and DNS and customers leave it; a restore toward the
 * cluster that still burns is refused, saying why, and changes nothing;
 * once the burn has left the 5m window the restore is accepted, DNS
 * answers the cluster again and customers come back to it.
 */
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { DemoFleet, startDemoFleet } from '@internal/demo-fleet';
import { LocalForge } from '@internal/plugin-forge-node';
import { dnsAnswers, eventually } from '@internal/test-services';
import {
  infraSeed,
  productTree,
  products,
  tempDir,
} from '../authorization/__testUtils__/fixtures';
import {
  APP_BASE_URL,
  CLONE_BASE_URL,
  startPortalBackend,
} from '../authorization/__testUtils__/portalBackend';

jest.setTimeout(300_000);

const BASE = 19500;
const AWS = 'aws-use1-prod-01';
const ENTRY = 'shop.trinity.example';
const guest = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const service = { Authorization: mockCredentials.service.header() };

const tmp = tempDir('trinity-loop-');
let fleet: DemoFleet;
let backend: Awaited<ReturnType<typeof startPortalBackend>>;

beforeAll(async () => {
  const forgeDir = `${tmp.dir}/forge`;
  const seed = infraSeed(tmp.dir);
  const forge = new LocalForge({
    directory: forgeDir,
    cloneBaseUrl: CLONE_BASE_URL,
    appBaseUrl: APP_BASE_URL,
  });
  const tree = productTree(tmp.dir, 'storefront');
  await forge.createRepo(products.storefront.repo, tree, {
    message: 'Create storefront',
    author: { name: 'Trinity', email: 'trinity@users.noreply.invalid' },
  });
  fleet = await startDemoFleet({
    basePort: BASE,
    seed: 'living-loop',
    powerdns: { real: true },
  });
  backend = await startPortalBackend({
    demo: fleet,
    basePort: BASE,
    forgeDir,
    infraSeed: seed,
  });
  await eventually(
    async () => {
      const res = await request(backend.server)
        .post('/api/catalog/entities/by-refs')
        .set(service)
        .send({
          entityRefs: [
            'system:default/storefront',
            `resource:default/${ENTRY}`,
          ],
        });
      return res.body.items?.every(Boolean) ?? false;
    },
    'the storefront and its entry point in the catalog',
    // The catalog ingests in the background; in the unit step it shares two
    // cores with the other suites that start a portal (a CI run took > 60 s).
    180_000,
    500,
  );
});

afterAll(async () => {
  await backend?.stop();
  await fleet?.stop();
  tmp.remove();
});

const answers = () => dnsAnswers(fleet.dnsPort!, ENTRY, 20);
const awsRow = async () =>
  (
    await request(backend.server)
      .get('/api/fleet/entities/system/default/storefront')
      .set(guest)
  ).body.rows.find((row: any) => row.cluster.name === AWS);
const trafficPath = '/api/traffic/entities/system/default/storefront';
let serial = 0;
async function act(body: object) {
  const state = await request(backend.server).get(trafficPath).set(guest);
  return request(backend.server)
    .post(`${trafficPath}/actions`)
    .set(guest)
    .set('Idempotency-Key', `living-loop-${++serial}`)
    .send({ expectedVersion: state.body.state.version, ...body });
}
const served = () =>
  fleet.load!.stats()[ENTRY].byAddress['127.0.0.11']?.ok ?? 0;

it('a dead cluster leaves DNS and shows as errors; it comes back', async () => {
  await eventually(
    async () => (await answers()).size === 3,
    'all three clusters answered',
  );
  await fleet.scenarios.set(AWS, { down: true });
  const dropped = await eventually(
    async () => !(await answers()).has('127.0.0.11'),
    'aws out of DNS',
  );
  expect(dropped).toBeLessThan(15_000);
  await eventually(
    async () => Boolean((await awsRow()).cells.argocd.error),
    'aws errors on the Fleet API',
    45_000,
    1000,
  );
  await fleet.scenarios.set(AWS, { down: false });
  await eventually(
    async () => (await answers()).has('127.0.0.11'),
    'aws back in DNS',
  );
});

it('burns at page level from real requests, is drained, and a restore toward it is refused', async () => {
  await fleet.scenarios.set(AWS, { burning: true });
  const burned = await eventually(
    async () => (await awsRow()).cells.slo.status === 'critical',
    "aws's SLO cell critical (page)",
    240_000,
    2000,
  );
  // The 1h window passes 14.4x after ~86 s at 60 % errors.
  expect(burned).toBeGreaterThan(60_000);
  expect((await awsRow()).cells.slo.summary).toMatch(/burning/);

  const drained = await act({
    kind: 'drain',
    cluster: AWS,
    reason: 'aws burns: game day',
  });
  expect(drained.status).toBe(200);
  await eventually(
    async () => !(await answers()).has('127.0.0.11'),
    'aws out of DNS after the drain',
    10_000,
  );
  // Customers follow DNS: none reach aws any more.
  const before = served();
  await new Promise(resolve => setTimeout(resolve, 3000));
  expect(served()).toBe(before);

  await fleet.scenarios.set(AWS, { burning: false });
  const restore = await act({
    kind: 'restore',
    cluster: AWS,
    reason: 'too early',
  });
  expect(restore.status).toBe(409);
  expect(restore.body.error.message).toMatch(`${AWS} burns at page level`);
  expect((await answers()).has('127.0.0.11')).toBe(false);
});

it('recovers: the burn clears as the 5m window empties, then the restore is accepted and customers come back', async () => {
  // No customer reaches aws while it is drained: its 5m error ratio falls
  // as the failed requests leave the window (≈ 5 min, less the time since
  // the drain), and the page-level rule stops firing.
  const cleared = await eventually(
    async () => (await awsRow()).cells.slo.status !== 'critical',
    "aws's SLO cell no longer critical",
    420_000,
    5000,
  );
  // What the rules predict: the page condition needs the 5m ratio over
  // 14.4x, and 60 % errors stay over it until ~293 s of the window are
  // clean; the drain was seconds before this test began.
  expect(cleared).toBeGreaterThan(200_000);
  const restored = await act({
    kind: 'restore',
    cluster: AWS,
    reason: 'aws recovered: game day over',
  });
  expect(restored.status).toBe(200);
  await eventually(
    async () => (await answers()).has('127.0.0.11'),
    'aws back in DNS after the restore',
    10_000,
  );
  const before = served();
  await eventually(
    async () => served() > before,
    'customers served by aws again',
    15_000,
  );
  process.stdout.write(
    `living loop: burn cleared ${cleared} ms after the drain test\n`,
  );
}, 600_000);
