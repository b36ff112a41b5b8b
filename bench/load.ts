/*
 * Load benchmark on the production shape (issue 9): two backend replicas on
 * one PostgreSQL and one Redis behind a round-robin proxy, with the demo
 * fleet (packages/scale-out). 50 users, each opening an entity page (the
 * catalog calls the page makes) and its Fleet tab, back to back, for 2
 * minutes:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/load.ts [--users 50] [--seconds 120]
 *
 * Reports p50/p95/p99 per endpoint, the error rate, each replica's RSS
 * idle, before the run (after 30 s at the same load), every 10 s during
 * it, and after,
 * and the upstream requests the clusters received. Production cache
 * settings (cells fresh 15 s, background refresh every 60 s). Results go
 * to stdout and test-results/bench-load.json.
 */
import path from 'node:path';
import {
  call,
  entityPage,
  fleetOf,
  guestToken,
  load,
  STOREFRONT,
  STOREFRONT_API,
  upstreamTotal,
  waitForEntity,
} from '../packages/scale-out/src/client';
import { findRepoRoot, startScaleOut } from '../packages/scale-out/src/harness';
import {
  growthPct,
  runMain,
  writeReport,
} from '../packages/scale-out/src/report';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const users = arg('--users', 50);
const seconds = arg('--seconds', 120);
const entities = [
  STOREFRONT_API,
  { ...STOREFRONT_API, name: 'storefront-web' },
  STOREFRONT,
];

async function main() {
  const repoRoot = findRepoRoot();
  const h = await startScaleOut({
    repoRoot,
    logDir: path.join(repoRoot, 'test-results', 'bench-load'),
  });
  try {
    const token = await guestToken(h.url);
    for (const e of entities) await waitForEntity(h.url, token, e);
    // One user's visit: an entity page, then its Fleet tab. The answers are
    // timed per endpoint as well as together.
    const byEndpoint: Record<string, number[]> = { catalog: [], fleet: [] };
    const visit = async (user: number) => {
      const entity = entities[user % entities.length];
      const page = await entityPage(h.url, token, entity);
      const fleet = await call(h.url, token, fleetOf(entity));
      byEndpoint.catalog.push(...page.map(a => a.ms));
      byEndpoint.fleet.push(fleet.ms);
      return [...page, fleet];
    };
    const rss = () => h.replicas.map(r => r.rssMiB());
    const idle = rss();
    // Warm-up at the full load for 30 s: code paths loaded, cells cached,
    // and V8's heap grown to what this load needs, so that before and after
    // compare the same working set and a difference is drift, not start-up.
    await load(users, 30, visit);
    byEndpoint.catalog.length = 0;
    byEndpoint.fleet.length = 0;
    const before = rss();
    const upstreamBefore = upstreamTotal(h.fleet.requests());
    const samples: Array<{ s: number; rssMiB: number[] }> = [];
    const started = Date.now();
    const sampler = setInterval(
      () =>
        samples.push({
          s: Math.round((Date.now() - started) / 1000),
          rssMiB: rss(),
        }),
      10_000,
    );
    const result = await load(users, seconds, visit);
    clearInterval(sampler);
    const after = rss();
    const pct = (xs: number[], p: number) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return Math.round(
        sorted[
          Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
        ],
      );
    };
    const report = {
      users,
      seconds,
      replicas: h.replicas.length,
      requests: result.requests,
      requestsPerSecond: Math.round(result.requests / seconds),
      errors: result.errors,
      errorRate: result.errors / result.requests,
      statuses: result.statuses,
      errorSamples: result.errorSamples,
      p50ms: result.p50ms,
      p95ms: result.p95ms,
      p99ms: result.p99ms,
      endpoints: Object.fromEntries(
        Object.entries(byEndpoint).map(([k, xs]) => [
          k,
          { requests: xs.length, p50ms: pct(xs, 50), p95ms: pct(xs, 95) },
        ]),
      ),
      rssMiB: {
        idle,
        before,
        after,
        growth: growthPct(before, after),
        samples,
      },
      upstreamPerMinute: Math.round(
        (upstreamTotal(h.fleet.requests()) - upstreamBefore) / (seconds / 60),
      ),
      servedByReplica: h.proxy.served,
    };
    console.log(JSON.stringify(report, null, 2));
    const problems = [
      report.errors > 0 && `${report.errors} errors`,
      report.rssMiB.growth.some(g => Math.abs(g) > 10) &&
        `RSS changed by ${report.rssMiB.growth.join(
          '%, ',
        )}% (target: within 10%)`,
    ].filter(Boolean);
    writeReport(repoRoot, 'bench-load', report, problems as string[]);
  } finally {
    await h.stop();
  }
}

runMain(main);
