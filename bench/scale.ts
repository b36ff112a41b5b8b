/*
 * The fleet at scale (issue 21), measured: for each size of a generated
 * fleet (3/10/30 clusters × 10/100/300 products, `generateScaleFleet`, all
 * clusters' APIs on one port, one central Argo CD; in its own process,
 * `bench/scale-fleet.ts`), a portal backend in its own process
 * (`bench/scale-backend.ts`: the fleet plugin and its sources, the
 * background refresher on) is measured for
 * - upstream requests per refresh round and per minute, idle (refresher
 *   only), against the bound clusters × sources + 1 per Argo CD;
 * - overview and entity p50/p95 with 20 viewers (each loops: the overview
 *   page's first page of 50, then a random product's Fleet), warm; this
 *   process only sends requests and times them;
 * - the backend's peak RSS, with the heap production gives it
 *   (--max-old-space-size=1536, infra/portal);
 * - with --down: a cluster switched down → the overview shows it (time
 *   until the cluster's cells there are errors), polling every 250 ms.
 * Writes test-results/bench-scale.json.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/scale.ts \
 *     [--sizes 3x10,10x100,30x300] [--seconds 20] [--refresh 10]
 */
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { generateScaleFleet, scaleCatalog } from '@internal/demo-fleet';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const sizes = option(
  'sizes',
  '3x10,3x100,3x300,10x10,10x100,10x300,30x10,30x100,30x300',
)
  .split(',')
  .map(size => size.split('x').map(Number) as [number, number]);
const loadSeconds = Number(option('seconds', '20'));
const refreshSeconds = Number(option('refresh', '10'));
const VIEWERS = 20;
/** The core Kubernetes plugin's viewers (see the phase). */
const CORE_VIEWERS = 1;
const auth = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};

type Counts = Record<string, Record<string, number>>;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};
const total = (counts: Counts) =>
  Object.values(counts)
    .flatMap(apis => Object.values(apis))
    .reduce((sum, count) => sum + count, 0);
/** Calls by API (kubernetes, prometheus, argocd) between two counts. */
const byApi = (before: Counts, after: Counts) => {
  const sums: Record<string, number> = {};
  for (const [cluster, apis] of Object.entries(after)) {
    for (const [api, count] of Object.entries(apis)) {
      sums[api] = (sums[api] ?? 0) + count - (before[cluster]?.[api] ?? 0);
    }
  }
  return sums;
};

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

/** The generated fleet in its own process (`bench/scale-fleet.ts`). */
interface FleetProcess {
  url: string;
  requests(): Promise<Counts>;
  down(cluster: string): Promise<void>;
  stop(): void;
}

/** A child running a bench script under Backstage's TypeScript transform. */
function startScript(
  script: string,
  env: Record<string, string>,
  ipc = false,
  nodeFlags: string[] = [],
): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...nodeFlags,
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(__dirname, script),
    ],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc' as const] : [])],
    },
  );
}

/** The first JSON line a child prints (what it listens on). */
async function firstLine<T>(child: ChildProcess, key: string): Promise<T> {
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith(`{"${key}"`)) return JSON.parse(line);
  }
  throw new Error(`the child exited before it printed ${key}`);
}

async function startFleet(
  clusters: number,
  products: number,
): Promise<FleetProcess> {
  const child = startScript(
    'scale-fleet.ts',
    { SCALE_CLUSTERS: String(clusters), SCALE_PRODUCTS: String(products) },
    true,
  );
  const { url } = await firstLine<{ url: string }>(child, 'url');
  let asked = 0;
  const ask = <T>(message: object) =>
    new Promise<T>(resolve => {
      const id = ++asked;
      const onMessage = (reply: { id: number; answer: T }) => {
        if (reply.id !== id) return;
        child.off('message', onMessage);
        resolve(reply.answer);
      };
      child.on('message', onMessage);
      child.send({ id, ...message });
    });
  return {
    url,
    requests: () => ask<Counts>({ type: 'requests' }),
    down: cluster => ask<void>({ type: 'down', cluster }),
    stop: () => child.disconnect(),
  };
}

async function startBackend(
  fleetUrl: string,
  clusters: number,
  products: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = startScript(
    'scale-backend.ts',
    {
      SCALE_FLEET_URL: fleetUrl,
      SCALE_CLUSTERS: String(clusters),
      SCALE_PRODUCTS: String(products),
      SCALE_REFRESH_SECONDS: String(refreshSeconds),
    },
    false,
    // The heap production gives the backend (infra/portal's NODE_OPTIONS).
    // Without it V8 sizes the heap for this machine's 24 GiB and lets it
    // grow with the request rate: 1,740 MiB peak RSS at 30 x 300 on a quiet
    // machine, 910 MiB with it, the same run conditions.
    ['--max-old-space-size=1536'],
  );
  const { port } = await firstLine<{ port: number }>(child, 'port');
  return { child, url: `http://127.0.0.1:${port}` };
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: auth });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

async function measure(clusters: number, products: number) {
  const shape = generateScaleFleet({ clusters, products });
  const fleet = await startFleet(clusters, products);
  const { child, url } = await startBackend(fleet.url, clusters, products);
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMiB(child.pid!));
  }, 500);
  try {
    const overview = `${url}/api/fleet/overview`;
    // What the overview page asks for: its first page of 50 (the default).
    const overviewPage = `${overview}?limit=50`;
    const entity = (product: string) =>
      `${url}/api/fleet/entities/system/default/${product}`;
    // Warm: the first overview, then a whole refresh round.
    const firstMs = await timed(overview);
    await sleep((refreshSeconds + 2) * 1000);
    // The bound counts the fleet's columns as the backend has them now
    // (Argo CD, workloads, rollout, SLO, policy, mesh).
    const sources: number = (
      await (await fetch(entity(shape.products[0]), { headers: auth })).json()
    ).sources.length;

    // Idle: the refresher alone.
    const idleSeconds = refreshSeconds * 3;
    const idleCounts = await fleet.requests();
    const idleBefore = total(idleCounts);
    await sleep(idleSeconds * 1000);
    const idleAfter = await fleet.requests();
    const idleCalls = total(idleAfter) - idleBefore;
    const idleByApi = byApi(idleCounts, idleAfter);

    // Load: 20 viewers for loadSeconds.
    const overviewMs: number[] = [];
    const entityMs: number[] = [];
    let errors = 0;
    const loadBefore = total(await fleet.requests());
    const until = Date.now() + loadSeconds * 1000;
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, viewer) => {
        let turn = viewer;
        while (Date.now() < until) {
          turn += 1;
          const product = shape.products[(turn * 7919) % shape.products.length];
          try {
            if (turn % 2) overviewMs.push(await timed(overviewPage));
            else entityMs.push(await timed(entity(product)));
          } catch {
            errors += 1;
          }
        }
      }),
    );
    const loadCalls = total(await fleet.requests()) - loadBefore;

    // The core Kubernetes plugin's entity endpoint on the same fleet and
    // products: what the Kubernetes tab costs per view. One viewer at a
    // time: at 20 its requests run for minutes and the stand-in fleet,
    // building every object it lists, is still busy with them when the
    // next size starts.
    const catalog = scaleCatalog({
      shape,
      urls: cluster => ({
        kubernetes: `${fleet.url}/clusters/${cluster}/kubernetes`,
        prometheus: `${fleet.url}/clusters/${cluster}/prometheus`,
      }),
    });
    const systems = new Map<string, Entity>(
      catalog
        .filter(entity => entity.kind === 'System')
        .map(entity => [entity.metadata.name, entity]),
    );
    const coreMs: number[] = [];
    let coreErrors = 0;
    const coreBefore = await fleet.requests();
    const coreUntil = Date.now() + loadSeconds * 1000;
    await Promise.all(
      Array.from({ length: CORE_VIEWERS }, async (_, viewer) => {
        let turn = viewer;
        while (Date.now() < coreUntil) {
          turn += 1;
          const product = shape.products[(turn * 7919) % shape.products.length];
          const started = performance.now();
          try {
            const res = await fetch(
              `${url}/api/kubernetes/services/${product}`,
              {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body: JSON.stringify({ entity: systems.get(product) }),
              },
            );
            await res.arrayBuffer();
            if (!res.ok) throw new Error(String(res.status));
            coreMs.push(performance.now() - started);
          } catch {
            coreErrors += 1;
          }
        }
      }),
    );
    const coreAfter = await fleet.requests();
    const coreCalls = byApi(coreBefore, coreAfter).kubernetes ?? 0;

    // A cluster down → the overview shows it.
    // A cluster that runs a product (with few products some run none, and
    // a cluster with no product is not on the overview at all).
    const dead = shape.services[0].clusters![0];
    const switched = Date.now();
    await fleet.down(dead);
    // Shown twice: the cluster's own status (its health checks) critical,
    // and every product's cell there saying it did not answer.
    let clusterCriticalMs = NaN;
    let cellsSilentMs = NaN;
    while (Date.now() - switched < 60_000) {
      const res = await fetch(overview, { headers: auth });
      const body = await res.json();
      const elapsed = Date.now() - switched;
      const cluster = body.clusters.find((one: any) => one.name === dead);
      if (Number.isNaN(clusterCriticalMs) && cluster?.status === 'critical') {
        clusterCriticalMs = elapsed;
      }
      const cells = body.products
        .map((product: any) => product.cells?.[dead])
        .filter(Boolean);
      if (
        Number.isNaN(cellsSilentMs) &&
        cells.length &&
        cells.every((cell: any) =>
          /did not answer|no answer/.test(cell.summary),
        )
      ) {
        cellsSilentMs = elapsed;
      }
      if (!Number.isNaN(clusterCriticalMs) && !Number.isNaN(cellsSilentMs)) {
        break;
      }
      await sleep(250);
    }
    const rounds = idleSeconds / refreshSeconds;
    return {
      clusters,
      products,
      services: shape.services.length,
      firstOverviewMs: Math.round(firstMs),
      upstreamPerRefresh: Math.round(idleCalls / rounds),
      sources,
      boundPerRefresh: clusters * sources + 1,
      perRefreshByApi: Object.fromEntries(
        Object.entries(idleByApi).map(([api, count]) => [
          api,
          Math.round(count / rounds),
        ]),
      ),
      upstreamPerMinuteIdle: Math.round((idleCalls / idleSeconds) * 60),
      upstreamPerMinuteLoaded: Math.round((loadCalls / loadSeconds) * 60),
      overview: {
        requests: overviewMs.length,
        p50Ms: Math.round(percentile(overviewMs, 50)),
        p95Ms: Math.round(percentile(overviewMs, 95)),
      },
      entity: {
        requests: entityMs.length,
        p50Ms: Math.round(percentile(entityMs, 50)),
        p95Ms: Math.round(percentile(entityMs, 95)),
      },
      errors,
      // The core plugin's entity endpoint, same fleet and viewers; its
      // Kubernetes calls per request (the refresher's are in the count too,
      // a round's worth per refresh interval).
      coreKubernetes: {
        requests: coreMs.length,
        errors: coreErrors,
        p50Ms: Math.round(percentile(coreMs, 50)),
        p95Ms: Math.round(percentile(coreMs, 95)),
        kubernetesCallsPerRequest: coreMs.length
          ? Math.round(coreCalls / coreMs.length)
          : null,
      },
      peakRssMiB: Math.round(peakRss),
      // What else the machine was doing: the figures are only as quiet as it.
      loadAverage1m: Number(os.loadavg()[0].toFixed(1)),
      down: { clusterCriticalMs, cellsSilentMs },
    };
  } finally {
    clearInterval(sampler);
    child.kill();
    fleet.stop();
  }
}

async function main() {
  const results = [];
  for (const [clusters, products] of sizes) {
    const result = await measure(clusters, products);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  console.log(
    '\n| clusters × products | upstream / refresh (bound) | upstream / min idle · loaded | overview p50 / p95 | entity p50 / p95 | core Kubernetes entity, 1 viewer: p50 / p95 (calls / request) | backend RSS | down → overview: cluster · every cell | load avg |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.clusters} × ${r.products} | ${r.upstreamPerRefresh} (${
        r.boundPerRefresh
      }) | ${r.upstreamPerMinuteIdle} · ${r.upstreamPerMinuteLoaded} | ${
        r.overview.p50Ms
      } / ${r.overview.p95Ms} ms | ${r.entity.p50Ms} / ${r.entity.p95Ms} ms | ${
        r.coreKubernetes.p50Ms
      } / ${r.coreKubernetes.p95Ms} ms (${
        r.coreKubernetes.kubernetesCallsPerRequest
      }) | ${r.peakRssMiB} MiB | ${(r.down.clusterCriticalMs / 1000).toFixed(
        1,
      )} · ${(r.down.cellsSilentMs / 1000).toFixed(1)} s | ${
        r.loadAverage1m
      } |`,
    );
  }
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync(
    'test-results/bench-scale.json',
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        viewers: VIEWERS,
        coreKubernetesViewers: CORE_VIEWERS,
        loadSeconds,
        refreshSeconds,
        results,
      },
      null,
      2,
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
