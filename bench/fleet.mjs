#!/usr/bin/env node
// Fleet benchmark: the entity Fleet endpoint side by side with the core
// Kubernetes plugin's entity endpoint, on the same demo fleet, in one run.
//
//   node bench/fleet.mjs [--seconds 20]
//
// Starts the portal as the README does (unless one already answers on
// :7007), signs in as guest, then for 1, 10 and 50 concurrent viewers
// measures p50/p95 latency of both endpoints and the upstream requests per
// minute the demo fleet received; finally black-holes one cluster (60 s of
// latency) and measures the fleet endpoint against its deadline. Results go
// to stdout and test-results/bench-fleet.json. Traffic stays on loopback.
import fs from 'node:fs';
import path from 'node:path';
import {
  backendUrl,
  demoFleetAdminUrl,
  repoRoot,
  setScenario,
  startPortal,
} from '../e2e/portal.mjs';

const seconds =
  Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 20;
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'storefront-api',
};

async function up() {
  try {
    return (await fetch(`${backendUrl}/.backstage/health/v1/readiness`)).ok;
  } catch {
    return false;
  }
}

async function guestToken() {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function upstreamCount() {
  const counts = await (await fetch(`${demoFleetAdminUrl}/requests`)).json();
  return Object.values(counts).reduce(
    (n, apis) => n + Object.values(apis).reduce((m, v) => m + v, 0),
    0,
  );
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `viewers` loops calling `call` back to back for `seconds`; bounded in time. */
async function load(call, viewers) {
  const latencies = [];
  let errors = 0;
  const before = await upstreamCount();
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: viewers }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        try {
          const res = await call();
          if (!res.ok) errors++;
          await res.arrayBuffer();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const minutes = (Date.now() - started) / 60_000;
  const upstream = (await upstreamCount()) - before;
  latencies.sort((a, b) => a - b);
  return {
    viewers,
    requests: latencies.length,
    errors,
    p50ms: Math.round(percentile(latencies, 50)),
    p95ms: Math.round(percentile(latencies, 95)),
    upstreamPerMinute: Math.round(upstream / minutes),
  };
}

async function main() {
  let portal;
  if (!(await up())) {
    console.log('starting the portal (./trinity start)…');
    portal = await startPortal();
  }
  try {
    const token = await guestToken();
    const auth = { Authorization: `Bearer ${token}` };
    // A portal started on a fresh data directory ingests the catalog after
    // it answers: wait for the entity, or the first phase measures 404s.
    const entityUrl = `${backendUrl}/api/catalog/entities/by-name/${entity.kind}/${entity.namespace}/${entity.name}`;
    for (const deadline = Date.now() + 180_000; ; ) {
      if ((await fetch(entityUrl, { headers: auth })).ok) break;
      if (Date.now() > deadline)
        throw new Error(`${entityUrl} did not appear in the catalog`);
      await new Promise(r => setTimeout(r, 2000));
    }
    const fleetCall = () =>
      fetch(
        `${backendUrl}/api/fleet/entities/${entity.kind}/${entity.namespace}/${entity.name}`,
        { headers: auth },
      );
    const entityBody = await (await fetch(entityUrl, { headers: auth })).json();
    const kubernetesCall = () =>
      fetch(`${backendUrl}/api/kubernetes/services/${entity.name}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ entity: entityBody }),
      });
    // Warm both paths once, as a page view would.
    await (await fleetCall()).arrayBuffer();
    await (await kubernetesCall()).arrayBuffer();

    const results = { seconds, fleet: [], kubernetes: [] };
    for (const viewers of [1, 10, 50]) {
      results.fleet.push(await load(fleetCall, viewers));
      results.kubernetes.push(await load(kubernetesCall, viewers));
      console.log(
        `viewers ${viewers}: fleet ${JSON.stringify(results.fleet.at(-1))}`,
      );
      console.log(
        `viewers ${viewers}: kubernetes ${JSON.stringify(
          results.kubernetes.at(-1),
        )}`,
      );
    }

    // One cluster black-holed: it accepts connections and never answers in time.
    await setScenario('azure-eastus-prod-01', { latencyMs: 60_000 });
    try {
      // Let cached cells expire so every view has to ask the dead cluster.
      await new Promise(r => setTimeout(r, 16_000));
      results.blackHoled = await load(fleetCall, 10);
      console.log(
        `one cluster black-holed: fleet ${JSON.stringify(results.blackHoled)}`,
      );
    } finally {
      await setScenario('azure-eastus-prod-01', { latencyMs: 0 });
    }
    const out = path.join(repoRoot, 'test-results', 'bench-fleet.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`written ${out}`);
  } finally {
    await portal?.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
