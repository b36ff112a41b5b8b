/*
 * The living demo fleet's budgets (issue 19), measured on this machine:
 * - start: until the fleet (the storefront's six service processes, real
 *   PowerDNS, three real Prometheus with three days of backfill) answers;
 * - idle cost: CPU (share of one core), RSS and PSS of the fleet's process
 *   and its servers over --idle seconds, in all, by kind (fleet, service,
 *   prometheus, pdns) and by process (which service on which cluster, which
 *   cluster's Prometheus), to see where the cost sits;
 * - a cluster killed → PowerDNS no longer answers it (dig), --trials times;
 * - a cluster's web process killed (SIGKILL, as an OOM kill would) →
 *   PowerDNS no longer answers it, and → the supervisor has it serving again;
 * - customers: page loads through the DNS, by cluster, and how many failed;
 * - a drain (the entry point's weight set to 0 through PowerDNS' API, as
 *   the portal's provider writes it) → dig no longer answers it;
 * - burning=true → page-level burn on the 5m window, and on the 1h window
 *   too (the Fleet tab's page condition), compared with what the rules
 *   predict from the error share.
 * The fleet runs in the bench's own process, bundled as ./trinity start
 * runs it (the bench bundles itself when started under the loader).
 * Writes test-results/bench-living.json. Needs Debian's pdns-server,
 * sqlite3, dnsutils and prometheus (./trinity test installs them).
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/living.ts [--trials 10] [--idle 60]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderPowerDnsLua } from '@internal/plugin-traffic-backend-module-powerdns';
import {
  startDemoFleet,
  DemoFleet,
  LONG_WINDOW_SECONDS,
} from '@internal/demo-fleet';
import { dnsAnswers } from '@internal/test-services';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const trials = option('trials', 10);
const idleSeconds = option('idle', 60);
const BASE = 19300;
const KEY = 'demo-fleet-pdns-key';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};
/** Over the trials that saw it; a trial that never did (NaN) is counted apart. */
const summary = (all: number[]) => {
  const values = all.filter(value => !Number.isNaN(value));
  return {
    trials: all.length,
    neverSeen: all.length - values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    maxMs: Math.max(...values),
  };
};

const answers = (fleet: DemoFleet) =>
  dnsAnswers(fleet.dnsPort!, 'shop.trinity.example', 20);

async function timeUntil(
  check: () => boolean | Promise<boolean>,
  limitMs: number,
) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) return Number.NaN;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

/** A process the fleet runs, and what it is (for the idle breakdown). */
interface FleetProcess {
  pid: number;
  kind: 'fleet' | 'service' | 'prometheus' | 'pdns';
  /** The service and its cluster, or the cluster a Prometheus scrapes. */
  name: string;
}

/** The fleet's process and what it started (services, PowerDNS, Prometheus). */
function processes(): FleetProcess[] {
  const children = execFileSync('ps', [
    '-o',
    'pid=,comm=',
    '--ppid',
    String(process.pid),
  ])
    .toString()
    .split('\n')
    .map(line => line.trim().split(/\s+/))
    .filter(([, command]) =>
      ['pdns_server', 'prometheus', 'node'].includes(command),
    )
    .map(([pid, command]) => describe(Number(pid), command));
  return [{ pid: process.pid, kind: 'fleet', name: 'fleet' }, ...children];
}
/** Names a child from its command line and environment in /proc. */
function describe(pid: number, command: string): FleetProcess {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (command === 'pdns_server') return { pid, kind: 'pdns', name: 'pdns' };
  if (command === 'prometheus') {
    // Its config names the job `<cluster>-services`.
    const config = argv
      .find(arg => arg.startsWith('--config.file='))
      ?.slice('--config.file='.length);
    const job = config
      ? /"job_name":"([^"]+)-services"/.exec(fs.readFileSync(config, 'utf8'))
      : null;
    return { pid, kind: 'prometheus', name: `prometheus@${job?.[1] ?? pid}` };
  }
  // A service process: `node src/main.ts` in its rendered directory.
  const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const cluster = env
    .find(entry => entry.startsWith('CLUSTER_NAME='))
    ?.slice('CLUSTER_NAME='.length);
  const service = path.basename(fs.readlinkSync(`/proc/${pid}/cwd`));
  return { pid, kind: 'service', name: `${service}@${cluster ?? pid}` };
}
const round = (value: number) => Math.round(value * 1000) / 1000;
function cpuTicks(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
/** A /proc/<pid>/status field in kB, as MiB: VmRSS, or RssAnon (its own, not files). */
function statusMiB(pid: number, field: 'VmRSS' | 'RssAnon') {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return (
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024
  );
}
/**
 * Proportional set size: RSS with each page shared between processes (the
 * node binary's text in every Node process, ~50 MiB each) divided among
 * them, so the sum over processes is the memory they take together. The
 * budget is on the sum of RSS, which counts a shared page once per process.
 */
function pssMiB(pid: number) {
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
}

async function setWeights(fleet: DemoFleet, weights: number[]) {
  const content = renderPowerDnsLua({
    host: 'shop.trinity.example',
    port: BASE + 80,
    path: '/healthz',
    targets: weights.map((weight, index) => ({
      address: `127.0.0.${11 + index}`,
      weight,
    })),
  });
  const res = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    {
      method: 'PATCH',
      headers: { 'X-API-Key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        rrsets: [
          {
            name: 'shop.trinity.example.',
            type: 'LUA',
            ttl: 30,
            changetype: 'REPLACE',
            records: [{ content, disabled: false }],
          },
        ],
      }),
    },
  );
  if (!res.ok) throw new Error(`PowerDNS refused the weights: ${res.status}`);
}

async function burn(fleet: DemoFleet, window: string) {
  const url = new URL(
    `${fleet.urls('aws-use1-prod-01').prometheus}/api/v1/query`,
  );
  url.searchParams.set(
    'query',
    `slo:sli_error:ratio_rate${window}{sloth_service="storefront-web",sloth_slo="requests-availability"}`,
  );
  const body = await (await fetch(url)).json();
  return Number(body.data.result[0]?.value[1] ?? 0) / 0.001;
}

async function main() {
  const startedAt = Date.now();
  const fleet = await startDemoFleet({
    basePort: BASE,
    powerdns: { real: true },
    // As ./trinity start runs it.
    prometheus: { longWindowSeconds: LONG_WINDOW_SECONDS },
  });
  const startMs = Date.now() - startedAt;
  const all = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
  try {
    await timeUntil(async () => {
      const seen = await answers(fleet);
      return all.every(address => seen.has(address));
    }, 30_000);

    // Idle: nobody reads; the servers scrape, evaluate and health-check.
    const procs = processes();
    const before = new Map(procs.map(proc => [proc.pid, cpuTicks(proc.pid)]));
    // The machine's load average (1, 5, 15 min) around the idle window: other
    // work on the same cores slows the fleet and shows here.
    const loadBefore = os.loadavg().map(round);
    await new Promise(resolve => setTimeout(resolve, idleSeconds * 1000));
    const loadAverage = { before: loadBefore, after: os.loadavg().map(round) };
    // Each process's share of one core, RSS and PSS, then summed by kind.
    const byProcess = procs.map(proc => ({
      kind: proc.kind,
      name: proc.name,
      cpuShareOfOneCore: round(
        (cpuTicks(proc.pid) - before.get(proc.pid)!) / 100 / idleSeconds,
      ),
      rssMiB: Math.round(statusMiB(proc.pid, 'VmRSS')),
      // Of its RSS, what is its own: the rest is file pages (the node,
      // prometheus and pdns binaries), the same pages in every process.
      anonMiB: Math.round(statusMiB(proc.pid, 'RssAnon')),
      pssMiB: Math.round(pssMiB(proc.pid)),
    }));
    type Cost = Omit<(typeof byProcess)[number], 'kind' | 'name'>;
    const sum = (costs: Cost[]) => ({
      processes: costs.length,
      cpuShareOfOneCore: round(
        costs.reduce((total, cost) => total + cost.cpuShareOfOneCore, 0),
      ),
      rssMiB: costs.reduce((total, cost) => total + cost.rssMiB, 0),
      anonMiB: costs.reduce((total, cost) => total + cost.anonMiB, 0),
      pssMiB: costs.reduce((total, cost) => total + cost.pssMiB, 0),
    });
    const byKind = Object.fromEntries(
      [...new Set(byProcess.map(cost => cost.kind))].map(kind => [
        kind,
        sum(byProcess.filter(cost => cost.kind === kind)),
      ]),
    );
    const idle = {
      seconds: idleSeconds,
      loadAverage,
      ...sum(byProcess),
      byKind,
      byProcess,
    };
    const line = (name: string, cost: Cost) =>
      `  ${name.padEnd(38)} ${(cost.cpuShareOfOneCore * 100)
        .toFixed(1)
        .padStart(5)} %  ${[cost.rssMiB, cost.anonMiB, cost.pssMiB]
        .map(mib => `${String(mib).padStart(5)} MiB`)
        .join('  ')}\n`;
    const loadLine = `load average ${loadAverage.before.join(
      ' ',
    )} before, ${loadAverage.after.join(' ')} after`;
    process.stdout.write(
      [
        `idle over ${idleSeconds} s on ${
          os.cpus().length
        } cores, ${loadLine}: share of one core, RSS, RSS not from files, PSS\n`,
        ...byProcess.map(cost => line(cost.name, cost)),
        ...Object.entries(byKind).map(([kind, cost]) =>
          line(`all ${kind} (${cost.processes})`, cost),
        ),
        line('all', idle),
      ].join(''),
    );

    const killed: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      await fleet.scenarios.set('aws-use1-prod-01', { down: true });
      const started = Date.now();
      await timeUntil(
        async () => !(await answers(fleet)).has('127.0.0.11'),
        30_000,
      );
      killed.push(Date.now() - started);
      await fleet.scenarios.set('aws-use1-prod-01', { down: false });
      await timeUntil(
        async () => (await answers(fleet)).has('127.0.0.11'),
        30_000,
      );
    }

    // The web process on aws dies; the gateway's health check (the web's
    // readiness) fails, DNS drops aws, the supervisor starts it again.
    const webKilled: number[] = [];
    const webBack: number[] = [];
    const web = fleet
      .product!.of('aws-use1-prod-01')
      .processes.find(proc => proc.service === 'storefront-web')!;
    for (let trial = 0; trial < trials; trial++) {
      const started = Date.now();
      process.kill(web.pid()!, 'SIGKILL');
      webKilled.push(
        await timeUntil(
          async () => !(await answers(fleet)).has('127.0.0.11'),
          30_000,
        ),
      );
      await timeUntil(
        async () => (await answers(fleet)).has('127.0.0.11'),
        30_000,
      );
      webBack.push(Date.now() - started);
      // Served 10 s: the supervisor's back-off is 1 s again for the next trial.
      await new Promise(resolve => setTimeout(resolve, 11_000));
    }

    const drained: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const started = Date.now();
      await setWeights(fleet, [1, 0, 1]);
      await timeUntil(
        async () => !(await answers(fleet)).has('127.0.0.12'),
        30_000,
      );
      drained.push(Date.now() - started);
      await setWeights(fleet, [1, 1, 1]);
      await timeUntil(
        async () => (await answers(fleet)).has('127.0.0.12'),
        30_000,
      );
    }

    await fleet.scenarios.set('aws-use1-prod-01', { burning: true });
    const burning = Date.now();
    const fiveMinutePageMs = await timeUntil(
      async () => (await burn(fleet, '5m')) > 14.4,
      300_000,
    );
    await timeUntil(async () => (await burn(fleet, '1h')) > 14.4, 300_000);
    const oneHourPageMs = Date.now() - burning;
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length },
      startMs,
      idle,
      killedToDnsDrop: summary(killed),
      webProcessKilledToDnsDrop: summary(webKilled),
      webProcessKilledToAnsweredAgain: summary(webBack),
      webProcessRestarts: web.restarts(),
      customers: fleet.load!.stats(),
      drainToDnsDrop: summary(drained),
      burning: {
        errorShare: 0.6,
        fiveMinutePageMs,
        oneHourPageMs,
        // 0.6 t / 3600 > 14.4 × 0.001 on the 1h window; the 5m one is a scrape away.
        predictedOneHourMs: Math.round(((14.4 * 0.001) / 0.6) * 3600 * 1000),
      },
      budgets: {
        idleCpuShare: 0.15,
        idleRssMiB: 600,
        killedToDnsDropP95Ms: 10_000,
        drainToDnsDropP95Ms: 2_000,
      },
    };
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(
      path.join('test-results', 'bench-living.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await fleet.stop();
  }
}

/**
 * The fleet's process is this one, so it runs as ./trinity start runs the
 * fleet: bundled (scripts/bundle.mjs), not under the TypeScript loader,
 * which would add its own ~50 MiB to the figure. Started under the loader,
 * the bench bundles itself and runs the bundle.
 */
function runBundled() {
  const bundle = execFileSync(process.execPath, [
    'scripts/bundle.mjs',
    __filename,
    'bench-living',
  ])
    .toString()
    .trim();
  const run = spawnSync(process.execPath, [bundle, ...args], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

if (require.extensions['.ts']) {
  runBundled();
} else {
  main().catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
