/*
 * The product, running: the storefront's web and API (rendered from the
 * product template) on every cluster behind its ingress, customers loading
 * pages through the real DNS, processes supervised like pods and killed
 * with their cluster.
 */
import { eventually } from '@internal/test-services';
import { DemoFleet, startDemoFleet } from '../server';
import { getThroughIngress } from '../__testUtils__/ingress';

jest.setTimeout(90_000);

let fleet: DemoFleet;
beforeAll(async () => {
  fleet = await startDemoFleet({
    basePort: 18800,
    product: { real: true },
    powerdns: { real: true },
  });
});
afterAll(() => fleet?.stop());

/** GET on a cluster's ingress for the storefront. */
const get = (address: string, path: string) =>
  getThroughIngress({
    address,
    port: 18880,
    host: 'shop.trinity.example',
    path,
  });

it('serves the storefront page on each cluster, with the products its own API listed', async () => {
  for (const [address, cluster] of [
    ['127.0.0.11', 'aws-use1-prod-01'],
    ['127.0.0.12', 'gcp-euw1-prod-01'],
    ['127.0.0.13', 'azure-eastus-prod-01'],
  ]) {
    const page = await get(address, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<li>Espresso cup · 12.50</li>');
    expect(page.body).toContain(`<strong id="web-cluster">${cluster}</strong>`);
    expect(page.body).toContain(`<strong id="api-cluster">${cluster}</strong>`);
    const api = JSON.parse((await get(address, '/api/products')).body);
    expect(api).toMatchObject({ service: 'storefront-api', cluster });
  }
});

it('has customers on every cluster, sent by the real DNS', async () => {
  const all = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
  await eventually(() => {
    // The first page load has not been counted yet right after start.
    const served = fleet.load!.stats()['shop.trinity.example']?.byAddress ?? {};
    return all.every(address => (served[address]?.ok ?? 0) > 2);
  }, 'customers on all three clusters');
  expect(
    Object.keys(fleet.load!.stats()['shop.trinity.example'].byAddress).sort(),
  ).toEqual(all);
});

/** The storefront-web pods' restarts and its Argo CD health on gcp, as the portal reads them. */
async function asThePortalSees() {
  const urls = fleet.urls('gcp-euw1-prod-01');
  const pods = await (
    await fetch(
      `${
        urls.kubernetes
      }/api/v1/namespaces/storefront/pods?labelSelector=${encodeURIComponent(
        'app.kubernetes.io/name=storefront-web',
      )}`,
    )
  ).json();
  const apps = await (
    await fetch(
      `${urls.argocd}/api/v1/applications?selector=${encodeURIComponent(
        'app.kubernetes.io/name=storefront-web',
      )}`,
      { headers: { Authorization: 'Bearer demo-fleet-argocd-read' } },
    )
  ).json();
  return {
    restarts: pods.items.reduce(
      (sum: number, pod: any) =>
        sum + pod.status.containerStatuses[0].restartCount,
      0,
    ),
    ready: pods.items.filter((pod: any) =>
      pod.status.conditions.some(
        (condition: any) =>
          condition.type === 'Ready' && condition.status === 'True',
      ),
    ).length,
    health: apps.items[0].status.health.status,
  };
}

it('starts a killed web process again; the gateway health check fails, the pods and Argo CD show it meanwhile', async () => {
  const web = fleet
    .product!.of('gcp-euw1-prod-01')
    .processes.find(proc => proc.service === 'storefront-web')!;
  const seen = await asThePortalSees();
  expect(seen).toMatchObject({ ready: 3, health: 'Healthy' });
  const before = web.pid()!;
  process.kill(before, 'SIGKILL');
  // Not ready while it is gone: the supervisor waits a second to restart it.
  await eventually(
    async () => (await asThePortalSees()).health === 'Progressing',
    'Argo CD showing the rollout waiting',
    3_000,
    50,
  );
  expect((await asThePortalSees()).ready).toBe(0);
  // The gateway's health check is the web's readiness.
  await eventually(
    async () => (await get('127.0.0.12', '/healthz')).status === 502,
    'the health check failing',
    5_000,
    50,
  );
  await eventually(
    async () => (await get('127.0.0.12', '/healthz')).status === 200,
    'the web back',
  );
  expect(web.restarts()).toBe(1);
  expect(web.pid()).not.toBe(before);
  expect((await get('127.0.0.12', '/')).status).toBe(200);
  expect(await asThePortalSees()).toEqual({
    restarts: seen.restarts + 1,
    ready: 3,
    health: 'Healthy',
  });
});

it("kills a cluster's processes when it goes down, and starts them when it is back", async () => {
  const processes = fleet.product!.of('azure-eastus-prod-01').processes;
  await fleet.scenarios.set('azure-eastus-prod-01', { down: true });
  expect(processes.map(proc => proc.pid())).toEqual([undefined, undefined]);
  await expect(get('127.0.0.13', '/')).rejects.toThrow();
  await fleet.scenarios.set('azure-eastus-prod-01', { down: false });
  expect((await get('127.0.0.13', '/')).status).toBe(200);
  // A cluster taken down is not a crash: nothing counts as a restart.
  expect(processes.map(proc => proc.restarts())).toEqual([0, 0]);
});

it("fails 60 % of the web's calls to the API on a burning cluster, and the page says why", async () => {
  await fleet.scenarios.set('aws-use1-prod-01', { burning: true });
  const pages = [];
  for (let i = 0; i < 20; i++) pages.push(await get('127.0.0.11', '/'));
  await fleet.scenarios.set('aws-use1-prod-01', { burning: false });
  const failed = pages.filter(page => page.status === 503);
  expect(failed.length).toBeGreaterThanOrEqual(10);
  expect(failed.length).toBeLessThanOrEqual(14);
  expect(failed[0].body).toContain(
    'Products unavailable: the API answered 503',
  );
});

it('kills one process from the admin API for a game day, and refuses what it does not know', async () => {
  const admin = (path: string, method = 'POST') =>
    fetch(`${fleet.adminUrl}${path}`, { method });
  const unknown = await admin(
    '/clusters/aws-use1-prod-01/services/storefront-cart/kill',
  );
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error).toBe(
    'no service "storefront-cart" on aws-use1-prod-01 (known: storefront-web, storefront-api)',
  );
  expect(
    (await admin('/clusters/mars-prod-01/services/storefront-web/kill')).status,
  ).toBe(404);

  const api = fleet
    .product!.of('aws-use1-prod-01')
    .processes.find(proc => proc.service === 'storefront-api')!;
  const pid = api.pid();
  const killed = await admin(
    '/clusters/aws-use1-prod-01/services/storefront-api/kill',
  );
  expect(await killed.json()).toEqual({
    killed: pid,
    service: 'storefront-api',
    cluster: 'aws-use1-prod-01',
  });
  await eventually(() => api.restarts() === 1 && api.up(), 'the API back');
  const product = await (await admin('/product', 'GET')).json();
  expect(product.processes).toHaveLength(6);
  expect(
    product.processes.find(
      (proc: any) =>
        proc.cluster === 'aws-use1-prod-01' &&
        proc.service === 'storefront-api',
    ),
  ).toMatchObject({ up: true, restarts: 1 });
  expect(
    product.customers['shop.trinity.example'].byAddress['127.0.0.11'].ok,
  ).toBeGreaterThan(0);
});
