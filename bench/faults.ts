/*
 * Fault scripts on the production shape (issue 9): two backend replicas on
 * one PostgreSQL and one Redis behind a round-robin proxy, the demo fleet
 * behind fault proxies (packages/scale-out). Ten users read entity pages,
 * the Fleet tab and the Failover tab all along; each scenario breaks one
 * thing, records what the users got and what the portal showed, mends it
 * and records how long the view took to recover:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/faults.ts [--only <name>]
 *
 * 1. kubernetes-down   aws's Kubernetes API refuses connections
 * 2. argocd-500        gcp's Argo CD answers every request with 500
 * 3. prometheus-slow   every cluster's Prometheus answers 5 s late
 * 4. dns-timeout       the DNS provider's writes hang during a drain
 * 5. dns-lost-answer   the DNS provider takes a drain, its answer never comes
 * 6. postgres-restart  PostgreSQL restarts (fast) during a drain
 * 7. postgres-away     PostgreSQL is down for 30 s during a drain
 *
 * Then it checks the traffic history against the provider: every applied
 * change once, nothing pending, the weights the last change set. Targets:
 * no 5xx from the portal for an upstream fault (1-5), no lost or doubled
 * change (all), RSS within 10% from start to end. Results go to stdout and
 * test-results/bench-faults.json; the exit code says whether the targets
 * held.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import {
  Answer,
  call,
  changeTraffic,
  entityPage,
  fleetOf,
  guestToken,
  load,
  LoadResult,
  STOREFRONT,
  STOREFRONT_API,
  trafficOf,
  waitForEntity,
} from '../packages/scale-out/src/client';
import {
  findRepoRoot,
  ScaleOut,
  startScaleOut,
} from '../packages/scale-out/src/harness';
import { countBy, trafficHistory } from '../packages/scale-out/src/history';
import { Fault } from '../packages/scale-out/src/proxy';
import {
  growthPct,
  runMain,
  writeReport,
} from '../packages/scale-out/src/report';

const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const GCP = 'gcp-euw1-prod-01';

let h: ScaleOut;
let token: string;

/** What the users do all along: an entity page, its Fleet tab, the Failover tab. */
const visit = async () => [
  ...(await entityPage(h.url, token, STOREFRONT_API)),
  await call(h.url, token, fleetOf(STOREFRONT_API)),
  await call(h.url, token, trafficOf(STOREFRONT)),
];

/** The Fleet tab as a user sees it: per cluster, per source, status and message. */
async function fleetSeen() {
  const view = await call(h.url, token, fleetOf(STOREFRONT_API));
  const seen: Record<string, Record<string, string>> = {};
  for (const row of view.body?.rows ?? []) {
    seen[row.cluster.name] = Object.fromEntries(
      Object.entries(row.cells as Record<string, any>).map(([source, c]) => [
        source,
        `${c.status}${c.error ? `: ${c.error.message}` : ''} (${Math.round(
          (Date.now() - Date.parse(c.fetchedAt)) / 1000,
        )} s old)`.slice(0, 180),
      ]),
    );
  }
  return seen;
}

/** Seconds until every cell of every cluster is out of error again. */
async function recovery(limitS = 90) {
  const started = Date.now();
  while (Date.now() - started < limitS * 1000) {
    const seen = await fleetSeen();
    const errors = Object.values(seen).flatMap(cells =>
      Object.values(cells).filter(c => /^\w+: /.test(c)),
    );
    if (Object.keys(seen).length && errors.length === 0) {
      return Math.round((Date.now() - started) / 100) / 10;
    }
    await sleep(1000);
  }
  return `not within ${limitS} s`;
}

/** The readers' figures, with 5xx counted apart. */
function summary(reads: LoadResult) {
  const fiveXx = Object.entries(reads.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  return {
    requests: reads.requests,
    statuses: reads.statuses,
    fiveXx,
    p50ms: reads.p50ms,
    p95ms: reads.p95ms,
    errorSamples: reads.errorSamples,
  };
}

/** Runs `act` while the users read for `seconds`. */
async function whileReading<T>(seconds: number, act: () => Promise<T>) {
  const readers = load(10, seconds, visit);
  const result = await act();
  return { result, reads: summary(await readers) };
}

const answerOf = (a: Answer) => ({
  status: a.status,
  ms: Math.round(a.ms),
  outcome: a.body?.outcome,
  error: a.body?.entry?.error ?? a.body?.error?.message ?? a.error,
  warning: a.body?.warning,
});

const drain = (key: string, reason: string) =>
  call(h.url, token, `${trafficOf(STOREFRONT)}/actions`, {
    method: 'POST',
    headers: { 'idempotency-key': key },
    body: { kind: 'drain', cluster: GCP, reason },
    timeoutMs: 60_000,
  });

async function restoreGcp(reason: string) {
  const { final } = await changeTraffic(
    h.url,
    token,
    STOREFRONT,
    { kind: 'restore', cluster: GCP, reason },
    crypto.randomUUID(),
  );
  return answerOf(final);
}

async function gcpWeight() {
  const view = await call(h.url, token, trafficOf(STOREFRONT));
  return view.body?.state?.clusters?.find((c: any) => c.cluster === GCP)
    ?.weight;
}

type Scenario = {
  name: string;
  upstream: boolean;
  run(): Promise<Record<string, unknown>>;
};

/** An upstream API broken for 25 s while users read. */
function readFault(name: string, upstreams: string[], fault: Fault): Scenario {
  return {
    name,
    upstream: true,
    async run() {
      const { result: sees, reads } = await whileReading(25, async () => {
        for (const u of upstreams) await h.upstreams[u].setFault(fault);
        // Cells are fresh for 15 s, errors retried after 5 s: by 20 s
        // every view has asked the broken API.
        await sleep(20_000);
        return fleetSeen();
      });
      for (const u of upstreams) await h.upstreams[u].setFault(undefined);
      return { fault, reads, sees, recoveredInS: await recovery() };
    },
  };
}

/** A drain while `fault` is on the DNS provider; the same key again once it is mended. */
function dnsFault(name: string, fault: Fault): Scenario {
  return {
    name,
    upstream: true,
    async run() {
      const key = crypto.randomUUID();
      const { result: first, reads } = await whileReading(20, async () => {
        await h.upstreams.dns.setFault(fault);
        const answer = answerOf(await drain(key, `faults: ${name}`));
        await h.upstreams.dns.setFault(undefined);
        return answer;
      });
      const weightAfterFault = await gcpWeight();
      // The operator applies again from the same dialog (same key): a
      // failed attempt gave its key back, an applied one is replayed.
      const again = answerOf(await drain(key, `faults: ${name}`));
      return {
        fault,
        first,
        weightAfterFault,
        again: { ...again, replayed: undefined },
        weightAfterAgain: await gcpWeight(),
        restore: await restoreGcp(`faults: ${name} restore`),
        reads,
      };
    },
  };
}

/** A drain whose provider write takes 3 s, with PostgreSQL taken away 1 s in. */
function postgresFault(name: string, awayMs: number): Scenario {
  return {
    name,
    upstream: false,
    async run() {
      const key = crypto.randomUUID();
      await h.upstreams.dns.setFault({ delayMs: 3000, methods: ['PATCH'] });
      const { result, reads } = await whileReading(
        Math.max(20, awayMs / 1000 + 15),
        async () => {
          const pending = drain(key, `faults: ${name}`);
          await sleep(1000);
          if (awayMs) {
            await h.postgres.halt();
            await sleep(awayMs);
            await h.postgres.start();
          } else {
            await h.postgres.restart();
          }
          const answer = answerOf(await pending);
          // From the answer on: how long until the history has it settled.
          const answered = Date.now();
          let row;
          for (; Date.now() - answered < 90_000; await sleep(500)) {
            row = (await trafficHistory(h.postgres, `faults: ${name}`)).find(
              r => r.reason === `faults: ${name}`,
            );
            if (row && row.outcome !== 'pending') break;
          }
          return {
            answer,
            recorded: row?.outcome,
            settledInSAfterAnswer: Math.round((Date.now() - answered) / 1000),
          };
        },
      );
      await h.upstreams.dns.setFault(undefined);
      return {
        awayMs,
        ...result,
        weightAfter: await gcpWeight(),
        restore: await restoreGcp(`faults: ${name} restore`),
        reads,
      };
    },
  };
}

function scenarios(): Scenario[] {
  const prometheus = h.fleet.clusters.map(c => `${c.name}.prometheus`);
  return [
    readFault('kubernetes-down', ['aws-use1-prod-01.kubernetes'], {
      down: true,
    }),
    readFault('argocd-500', [`${GCP}.argocd`], { status: 500 }),
    readFault('prometheus-slow', prometheus, { delayMs: 5000 }),
    dnsFault('dns-timeout', { hang: true, methods: ['PATCH'] }),
    dnsFault('dns-lost-answer', {
      hang: true,
      forward: true,
      methods: ['PATCH'],
    }),
    postgresFault('postgres-restart', 0),
    postgresFault('postgres-away', 30_000),
  ];
}

async function main() {
  const repoRoot = findRepoRoot();
  h = await startScaleOut({
    repoRoot,
    logDir: path.join(repoRoot, 'test-results', 'bench-faults'),
    // Production settings but two: drains and restores back to back (no
    // cooldown), and an interrupted change settled after 20 s, not 60 s.
    config: {
      trinity: { traffic: { cooldownSeconds: 0, settleAfterSeconds: 20 } },
    },
  });
  const report: Record<string, any> = { scenarios: {} };
  const problems: string[] = [];
  try {
    token = await guestToken(h.url);
    await waitForEntity(h.url, token, STOREFRONT);
    await waitForEntity(h.url, token, STOREFRONT_API);
    // Warm-up at the readers' load: the heap grows to what it needs first,
    // so RSS before and after compare the same working set.
    await load(10, 30, visit);
    const rss = () => h.replicas.map(r => r.rssMiB());
    report.rssMiBBefore = rss();
    for (const scenario of scenarios()) {
      if (only && scenario.name !== only) continue;
      console.log(`--- ${scenario.name}`);
      const result = await scenario.run();
      report.scenarios[scenario.name] = result;
      console.log(JSON.stringify(result, null, 2));
      const fiveXx = (result.reads as { fiveXx: number }).fiveXx;
      if (scenario.upstream && fiveXx > 0) {
        problems.push(`${scenario.name}: ${fiveXx} answers were 5xx`);
      }
    }
    report.rssMiBAfter = rss();
    report.rssGrowthPct = growthPct(report.rssMiBBefore, report.rssMiBAfter);
    if (report.rssGrowthPct.some((g: number) => Math.abs(g) > 10)) {
      problems.push(`RSS changed by ${report.rssGrowthPct.join('%, ')}%`);
    }

    // The history against the provider: every change once, none pending,
    // the weights of the last applied change.
    const rows = await trafficHistory(h.postgres, 'faults:');
    const applied = rows.filter(r => r.outcome === 'applied');
    const last = applied.at(-1);
    const weight = await gcpWeight();
    report.history = {
      rows: rows.length,
      outcomes: countBy(rows.map(r => r.outcome)),
      lastApplied: last && `${last.kind} (${last.reason})`,
      gcpWeightAtProvider: weight,
    };
    if (rows.some(r => r.outcome === 'pending')) {
      problems.push('changes left pending');
    }
    if (last && JSON.parse(last.weights_after)[GCP] !== weight) {
      problems.push(
        `the provider's gcp weight ${weight} is not what the last applied change set`,
      );
    }
    const keys = applied.map(r => r.idempotency_key).filter(Boolean);
    if (new Set(keys).size !== keys.length) {
      problems.push('a change was applied twice under one key');
    }
    console.log(JSON.stringify({ ...report, scenarios: undefined }, null, 2));
    writeReport(repoRoot, 'bench-faults', report, problems);
  } finally {
    await h.stop();
  }
}

runMain(main);
