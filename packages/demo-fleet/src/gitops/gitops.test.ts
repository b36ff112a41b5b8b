/*
 * GitOps, played: a tenant merged into the forge's infra repository makes
 * the demo fleet run the product — its services from its own repository on
 * its clusters only, its entry point in the real DNS, its SLO rules in its
 * clusters' real Prometheus, customers on it. The fixture is the repo's own
 * storefront tenant renamed to a second product (wallet, team-payments, on
 * aws and gcp), and services rendered from the product template.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { dnsAnswers, eventually } from '@internal/test-services';
import { repoRoot } from '../repoRoot';
import { renderService } from '../product/render';
import { DemoFleet, startDemoFleet } from '../server';
import { getThroughIngress } from '../__testUtils__/ingress';

jest.setTimeout(120_000);

const forgeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@trinity.example',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@trinity.example',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' });

/**
 * Commits `files` (path → text) to `repo` on the forge, creating it if new,
 * and removes the paths in `remove`.
 */
function commit(
  repo: string,
  files: Map<string, string>,
  message: string,
  remove: string[] = [],
) {
  const bare = path.join(forgeDir, `${repo}.git`);
  if (!fs.existsSync(bare)) {
    fs.mkdirSync(bare, { recursive: true });
    git(bare, 'init', '-q', '--bare', '-b', 'main');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-work-'));
  git(work, 'init', '-q', '-b', 'main');
  try {
    git(work, 'pull', '-q', bare, 'main');
  } catch {
    // an empty repository: the first commit
  }
  for (const gone of remove) git(work, 'rm', '-rq', gone);
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), text);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', message);
  git(work, 'push', '-q', bare, 'main');
  fs.rmSync(work, { recursive: true, force: true });
}

/** The storefront's tenant, as wallet's: renamed, on `on` only. */
function walletTenant(on = ['aws-use1-prod-01', 'gcp-euw1-prod-01']) {
  const overlay = /^clusters\/([^/]+)/;
  const files = new Map<string, string>();
  const source = path.join(repoRoot, 'infra/tenants/storefront');
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(source, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const cluster = overlay.exec(child)?.[1];
      if (cluster && !on.includes(cluster)) continue;
      if (entry.isDirectory()) {
        walk(child);
        continue;
      }
      const text = fs
        .readFileSync(path.join(source, child), 'utf8')
        .replaceAll('shop.trinity.example', 'pay.trinity.example')
        .replaceAll('team-storefront', 'team-payments')
        .replaceAll('storefront', 'wallet')
        .replaceAll('Storefront', 'Wallet')
        // Every ring on one version: the tests release the next one.
        .replace(/^( {2}ring-\d+): '[^']*'$/gm, "$1: '0.1.0'");
      files.set(
        `tenants/wallet/${child.replaceAll('storefront', 'wallet')}`,
        text,
      );
    }
  };
  walk('');
  const entry = 'tenants/wallet/management/entrypoint.yaml';
  const doc = parse(files.get(entry)!);
  doc.spec.targets = doc.spec.targets.filter((target: { cluster: string }) =>
    on.includes(target.cluster),
  );
  files.set(entry, stringify(doc));
  return files;
}

function walletServices() {
  const files = new Map<string, string>();
  for (const kind of ['web', 'api'] as const) {
    const service = `wallet-${kind}`;
    const rendered = renderService({
      name: 'wallet',
      title: 'Wallet',
      description: 'Pay with what you have.',
      service,
      kind,
      kindTitle: kind === 'web' ? 'frontend' : 'API',
    });
    for (const [file, text] of rendered) {
      files.set(`services/${service}/${file}`, text);
    }
  }
  return files;
}

/** The demo fleet's PowerDNS API key (its default; not a secret). */
const PDNS_KEY = 'demo-fleet-pdns-key';

const get = (address: string, host: string) =>
  getThroughIngress({ address, port: 18980, host });

let fleet: DemoFleet;
beforeAll(async () => {
  commit('platform/infra', new Map([['README.md', '# infra\n']]), 'init');
  fleet = await startDemoFleet({
    basePort: 18900,
    powerdns: { real: true },
    gitops: { forgeDir, infraRepo: 'platform/infra', intervalMs: 60_000 },
    // Each pause and analysis step of a canary: 1.5 s (6 s in all).
    rollouts: { stepMs: 1500 },
  });
});
afterAll(async () => {
  await fleet?.stop();
  fs.rmSync(forgeDir, { recursive: true, force: true });
});

it('runs nothing of a product before its tenant is merged', async () => {
  expect(fleet.product!.products()).toEqual(['storefront']);
  expect((await get('127.0.0.11', 'pay.trinity.example')).status).toBe(404);
});

it('runs a merged product on its clusters: its page, its DNS, its workloads, its applications, its SLOs', async () => {
  commit('team-payments/wallet', walletServices(), 'new product');
  commit('platform/infra', walletTenant(), 'Merge: new tenant wallet');
  await fleet.gitops!.poll();
  expect(fleet.product!.products()).toEqual(['storefront', 'wallet']);

  const page = await get('127.0.0.12', 'pay.trinity.example');
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>Wallet</title>');
  expect(page.body).toContain(
    '<strong id="api-cluster">gcp-euw1-prod-01</strong>',
  );
  // Not on azure: the tenant has no overlay there.
  const azure = await get('127.0.0.13', 'pay.trinity.example');
  expect(azure.status).toBe(404);
  expect(azure.body).toContain(
    'no product serves pay.trinity.example on azure-eastus-prod-01',
  );
  // The storefront is untouched.
  expect((await get('127.0.0.13', 'shop.trinity.example')).status).toBe(200);

  await eventually(
    async () =>
      [...(await dnsAnswers(fleet.dnsPort!, 'pay.trinity.example', 20))]
        .sort()
        .join() === '127.0.0.11,127.0.0.12',
    'pay.trinity.example answering aws and gcp',
  );

  const deployments = async (cluster: string) =>
    (
      await (
        await fetch(
          `${
            fleet.urls(cluster).kubernetes
          }/apis/apps/v1/namespaces/wallet/deployments`,
        )
      ).json()
    ).items
      .map((item: any) => item.metadata.name)
      .sort();
  expect(await deployments('aws-use1-prod-01')).toEqual([
    'wallet-api',
    'wallet-web',
  ]);
  expect(await deployments('azure-eastus-prod-01')).toEqual([]);

  const apps = await (
    await fetch(
      `${
        fleet.centralArgoCdUrl
      }/api/v1/applications?selector=${encodeURIComponent(
        'app.kubernetes.io/part-of=wallet',
      )}`,
      { headers: { Authorization: 'Bearer demo-fleet-argocd-read' } },
    )
  ).json();
  // In the tenant team's Argo CD project, where the portal looks for them.
  expect(new Set(apps.items.map((app: any) => app.spec.project))).toEqual(
    new Set(['team-payments']),
  );
  expect(
    apps.items.map((app: any) => app.spec.destination.name).sort(),
  ).toEqual([
    'aws-use1-prod-01',
    'aws-use1-prod-01',
    'gcp-euw1-prod-01',
    'gcp-euw1-prod-01',
  ]);

  // Customers visit it, and its cluster's Prometheus records its SLI from
  // what its services counted (no history: the windows fill as it serves).
  const ratio = async () => {
    const url = new URL(
      `${fleet.urls('aws-use1-prod-01').prometheus}/api/v1/query`,
    );
    url.searchParams.set(
      'query',
      'slo:sli_error:ratio_rate5m{sloth_service="wallet-web",sloth_slo="requests-availability"}',
    );
    return (await (await fetch(url)).json()).data.result;
  };
  await eventually(
    async () => (await ratio()).length === 1,
    "wallet-web's SLI on aws",
    60_000,
    1000,
  );
  expect(Number((await ratio())[0].value[1])).toBeLessThan(0.01);
  const visits = fleet.load!.stats()['pay.trinity.example'].byAddress;
  expect(Object.keys(visits).sort()).toEqual(['127.0.0.11', '127.0.0.12']);
});

const READ = { Authorization: 'Bearer demo-fleet-argocd-read' };
const WALLET_API = 'registry.trinity.example/team-payments/wallet-api';

/** An application of the central Argo CD. */
async function centralApp(name: string) {
  const res = await fetch(
    `${fleet.centralArgoCdUrl}/api/v1/applications/${name}`,
    {
      headers: READ,
    },
  );
  return (await res.json()) as any;
}

/** wallet-api's Rollout, its ReplicaSets' images and its pods' images on a cluster. */
async function walletApiOn(cluster: string) {
  const kube = fleet.urls(cluster).kubernetes;
  const read = async (url: string) =>
    (await (await fetch(`${kube}${url}`)).json()) as any;
  const rollout = await read(
    '/apis/argoproj.io/v1alpha1/namespaces/wallet/rollouts/wallet-api',
  );
  const sets = (
    await read(
      '/apis/apps/v1/namespaces/wallet/replicasets?labelSelector=rollouts-pod-template-hash',
    )
  ).items.filter((rs: any) => rs.metadata.name.startsWith('wallet-api-'));
  const pods = (
    await read(
      '/api/v1/namespaces/wallet/pods?labelSelector=app.kubernetes.io%2Fname%3Dwallet-api',
    )
  ).items;
  return {
    rollout,
    sets: Object.fromEntries(
      sets.map((rs: any) => [
        rs.spec.template.spec.containers[0].image,
        rs.spec.replicas,
      ]),
    ),
    podImages: [
      ...new Set(pods.map((pod: any) => pod.spec.containers[0].image)),
    ],
  };
}

/** wallet-api's ring file with `rings` changed, as a merged pull request writes it. */
function walletApiRings(rings: Record<string, string>) {
  const file = 'tenants/wallet/services/wallet-api.yaml';
  const doc = parse(walletTenant().get(file)!);
  doc.rings = { ...doc.rings, ...rings };
  return new Map([[file, stringify(doc)]]);
}

it("runs each cluster's ring tag of the ring file: Argo CD's images, the Rollout's ReplicaSets, the pods", async () => {
  for (const cluster of ['gcp-euw1-prod-01', 'aws-use1-prod-01']) {
    const app = await centralApp(`wallet-api-${cluster}`);
    expect(app.status.summary.images).toEqual([`${WALLET_API}:0.1.0`]);
    // Argo CD's sync revision stays a git revision.
    expect(app.status.sync.revision).toMatch(/^[0-9a-f]{7}$/);
    expect(app.status.health.status).toBe('Healthy');
    const api = await walletApiOn(cluster);
    expect(api.sets).toEqual({ [`${WALLET_API}:0.1.0`]: 3 });
    expect(api.podImages).toEqual([`${WALLET_API}:0.1.0`]);
    expect(api.rollout.status.phase).toBe('Healthy');
  }
  // The storefront, not in this forge's infra repo, keeps its made-up revisions.
  const storefront = await centralApp('storefront-api-gcp-euw1-prod-01');
  expect(storefront.status.summary.images[0]).toMatch(
    /^registry\.trinity\.example\/storefront\/api:[0-9a-f]{7}$/,
  );
});

it("canaries a ring's new tag on that ring's clusters through the Rollout's steps, then promotes it", async () => {
  const pids = () =>
    fleet
      .product!.of('gcp-euw1-prod-01')
      .processes.filter(proc => proc.service.startsWith('wallet-'))
      .map(proc => proc.pid());
  const before = pids();
  commit(
    'platform/infra',
    walletApiRings({ 'ring-0': '0.2.0' }),
    'Merge: wallet-api 0.2.0 on ring-0',
  );
  await fleet.gitops!.poll();

  // gcp (ring 0) canaries the new tag beside the stable one.
  const app = await centralApp('wallet-api-gcp-euw1-prod-01');
  expect(app.status.summary.images).toEqual([
    `${WALLET_API}:0.1.0`,
    `${WALLET_API}:0.2.0`,
  ]);
  expect(['Suspended', 'Progressing']).toContain(app.status.health.status);
  const canary = await walletApiOn('gcp-euw1-prod-01');
  expect(canary.rollout.status.currentPodHash).not.toBe(
    canary.rollout.status.stableRS,
  );
  expect(canary.sets).toEqual({
    [`${WALLET_API}:0.1.0`]: 2,
    [`${WALLET_API}:0.2.0`]: 1,
  });
  expect(canary.podImages).toEqual([`${WALLET_API}:0.1.0`]);
  // aws (ring 1) does not.
  expect(
    (await centralApp('wallet-api-aws-use1-prod-01')).status.summary.images,
  ).toEqual([`${WALLET_API}:0.1.0`]);

  // Through the steps to fully promoted.
  const steps = new Set<number>();
  await eventually(
    async () => {
      const { rollout } = await walletApiOn('gcp-euw1-prod-01');
      steps.add(rollout.status.currentStepIndex);
      return rollout.status.phase === 'Healthy';
    },
    'wallet-api fully promoted on gcp',
    30_000,
    100,
  );
  expect(steps.size).toBeGreaterThanOrEqual(3);
  const promoted = await walletApiOn('gcp-euw1-prod-01');
  expect(promoted.rollout.status).toMatchObject({
    phase: 'Healthy',
    currentStepIndex: 6,
  });
  expect(promoted.rollout.status.currentPodHash).toBe(
    promoted.rollout.status.stableRS,
  );
  expect(promoted.sets).toEqual({ [`${WALLET_API}:0.2.0`]: 3 });
  expect(promoted.podImages).toEqual([`${WALLET_API}:0.2.0`]);
  const after = await centralApp('wallet-api-gcp-euw1-prod-01');
  expect(after.status.summary.images).toEqual([`${WALLET_API}:0.2.0`]);
  expect(after.status.health.status).toBe('Healthy');
  expect(after.status.sync.status).toBe('Synced');
  // A version is not a restart of the product's processes.
  expect(pids()).toEqual(before);

  // The canary=true scenario still plays its canary on top.
  await fleet.scenarios.set('gcp-euw1-prod-01', { canary: true });
  try {
    const scenario = await walletApiOn('gcp-euw1-prod-01');
    expect(scenario.rollout.status).toMatchObject({
      phase: 'Progressing',
      currentStepIndex: 2,
    });
    expect(scenario.sets[`${WALLET_API}:0.2.0`]).toBe(2);
  } finally {
    await fleet.scenarios.set('gcp-euw1-prod-01', { canary: false });
  }
});

it('aborts a ring canary whose analysis sees the burn; retried once the burn is over, it is promoted', async () => {
  await fleet.scenarios.set('gcp-euw1-prod-01', { burning: true });
  try {
    commit(
      'platform/infra',
      walletApiRings({ 'ring-0': '0.3.0' }),
      'Merge: wallet-api 0.3.0 on ring-0',
    );
    await fleet.gitops!.poll();
    await eventually(
      async () =>
        (await walletApiOn('gcp-euw1-prod-01')).rollout.status.phase ===
        'Degraded',
      'the canary aborted',
      15_000,
      100,
    );
  } finally {
    await fleet.scenarios.set('gcp-euw1-prod-01', { burning: false });
  }
  const aborted = await walletApiOn('gcp-euw1-prod-01');
  expect(aborted.rollout.status).toMatchObject({
    abort: true,
    currentStepIndex: 0,
    canary: { currentStepAnalysisRunStatus: { status: 'Failed' } },
  });
  expect(aborted.rollout.status.message).toMatch(
    /^RolloutAborted: Rollout aborted update to revision 4: Metric "requests-availability-burn-rate" assessed Failed/,
  );
  expect(aborted.sets).toEqual({
    [`${WALLET_API}:0.2.0`]: 3,
    [`${WALLET_API}:0.3.0`]: 0,
  });
  const app = await centralApp('wallet-api-gcp-euw1-prod-01');
  expect(app.status.health.status).toBe('Degraded');
  expect(app.status.summary.images).toEqual([`${WALLET_API}:0.2.0`]);

  // Argo CD's retry action starts it again; without the burn it passes.
  const retry = await fetch(
    `${fleet.centralArgoCdUrl}/api/v1/applications/wallet-api-gcp-euw1-prod-01/resource/actions/v2`,
    {
      method: 'POST',
      headers: {
        Authorization: 'Bearer demo-fleet-argocd-token',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'wallet-api-gcp-euw1-prod-01',
        namespace: 'wallet',
        resourceName: 'wallet-api',
        version: 'v1alpha1',
        group: 'argoproj.io',
        kind: 'Rollout',
        action: 'retry',
      }),
    },
  );
  expect(retry.status).toBe(200);
  await eventually(
    async () =>
      (
        await centralApp('wallet-api-gcp-euw1-prod-01')
      ).status.summary.images.join() === `${WALLET_API}:0.3.0`,
    'wallet-api 0.3.0 promoted on gcp',
    30_000,
    100,
  );
});

it('syncs a merged product once, whatever else is merged after', async () => {
  const pids = () =>
    fleet
      .product!.of('aws-use1-prod-01')
      .processes.filter(proc => proc.service.startsWith('wallet-'))
      .map(proc => proc.pid());
  const before = pids();
  commit(
    'platform/infra',
    new Map([['README.md', '# infra, again\n']]),
    'docs',
  );
  await fleet.gitops!.poll();
  expect(fleet.product!.products()).toEqual(['storefront', 'wallet']);
  expect(before).toHaveLength(2);
  // The same processes: nothing was restarted.
  expect(pids()).toEqual(before);
});

/** pay.trinity.example's record as PowerDNS holds it: address → weight. */
async function payWeights() {
  const res = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    { headers: { 'X-API-Key': PDNS_KEY } },
  );
  const rrset = (await res.json()).rrsets.find(
    (set: any) => set.name === 'pay.trinity.example.' && set.type === 'LUA',
  );
  if (!rrset) return undefined;
  return Object.fromEntries(
    [...rrset.records[0].content.matchAll(/\{'([\d.]+)',(\d+)\}/g)].map(
      ([, address, weight]) => [address, Number(weight)],
    ),
  );
}

it('follows a changed tenant: the product leaves a cluster, and the weights the portal set stay', async () => {
  // The portal has since weighed aws 3 (weights are its own once created).
  const record = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    { headers: { 'X-API-Key': PDNS_KEY } },
  );
  const lua = (await record.json()).rrsets
    .find((set: any) => set.name === 'pay.trinity.example.')
    .records[0].content.replace("{'127.0.0.11',1}", "{'127.0.0.11',3}");
  const patched = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    {
      method: 'PATCH',
      headers: {
        'X-API-Key': PDNS_KEY,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        rrsets: [
          {
            name: 'pay.trinity.example.',
            type: 'LUA',
            ttl: 30,
            changetype: 'REPLACE',
            records: [{ content: lua, disabled: false }],
          },
        ],
      }),
    },
  );
  expect(patched.ok).toBe(true);

  commit(
    'platform/infra',
    walletTenant(['aws-use1-prod-01']),
    'Merge: wallet leaves gcp',
    ['tenants/wallet/clusters/gcp-euw1-prod-01'],
  );
  await fleet.gitops!.poll();
  expect(fleet.product!.products()).toEqual(['storefront', 'wallet']);
  expect((await get('127.0.0.12', 'pay.trinity.example')).status).toBe(404);
  expect((await get('127.0.0.11', 'pay.trinity.example')).status).toBe(200);
  expect(
    fleet
      .product!.of('gcp-euw1-prod-01')
      .processes.filter(proc => proc.service.startsWith('wallet-')),
  ).toEqual([]);
  expect(await payWeights()).toEqual({ '127.0.0.11': 3 });
  await eventually(
    async () =>
      [
        ...(await dnsAnswers(fleet.dnsPort!, 'pay.trinity.example', 10)),
      ].join() === '127.0.0.11',
    'pay.trinity.example answering aws only',
  );
});

it('stops a product whose tenant left the infra repo: processes, DNS, scrapes, workloads', async () => {
  commit('platform/infra', new Map(), 'Merge: remove tenant wallet', [
    'tenants/wallet',
  ]);
  await fleet.gitops!.poll();
  expect(fleet.product!.products()).toEqual(['storefront']);
  expect((await get('127.0.0.11', 'pay.trinity.example')).status).toBe(404);
  expect(await payWeights()).toBeUndefined();
  const deployments = await (
    await fetch(
      `${
        fleet.urls('aws-use1-prod-01').kubernetes
      }/apis/apps/v1/namespaces/wallet/deployments`,
    )
  ).json();
  expect(deployments.items).toEqual([]);
  // aws's Prometheus scrapes the storefront's two services again, and
  // evaluates no rule of wallet's (a reload is asynchronous: wait for it).
  const prometheus = fleet.urls('aws-use1-prod-01').prometheus;
  await eventually(async () => {
    const targets = await (
      await fetch(`${prometheus}/api/v1/targets?state=active`)
    ).json();
    const rules = await (await fetch(`${prometheus}/api/v1/rules`)).json();
    return (
      targets.data.activeTargets.length === 2 &&
      !JSON.stringify(rules).includes('wallet-web') &&
      JSON.stringify(rules).includes('storefront-web')
    );
  }, "aws's Prometheus without wallet");
  // The storefront is untouched.
  expect((await get('127.0.0.11', 'shop.trinity.example')).status).toBe(200);
});
