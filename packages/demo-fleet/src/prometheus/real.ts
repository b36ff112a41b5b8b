/**
 * A cluster's Prometheus, for real: Debian's Prometheus scraping the
 * cluster's running services (product/) every 5 s and evaluating the
 * tenants' SLO rules, written from their real Sloth specs (infra/tenants)
 * by the project's Sloth generator. Three days of history (with one past
 * incident) are backfilled before it starts, at the rate the demo's
 * customers load pages (product/load.ts), as the same series the services
 * then continue, so the 1d and 3d windows mean something from the first
 * minute.
 */
import express from 'express';
import { stringify } from 'yaml';
import {
  parseDuration,
  PrometheusServiceLevel,
  RuleGroup,
  slothRuleGroups,
} from '@internal/sloth-rules';
import {
  eventually,
  startPrometheus,
  toOpenMetrics,
} from '@internal/test-services';
import { DemoCluster, DemoService } from '../fleet';
import { tenantObjects } from '../tenants';
import { BASELINE_ERRORS } from '../product/faults';
import { PAGES_PER_CLUSTER_PER_SECOND } from '../product/load';

/** Of the requests a service handles, the share slower than 300 ms. */
const SLOW_SHARE = 0.005;

/** The Sloth specs of the tenants that run these services (infra/tenants/<product>/base). */
export function sloSpecsFor(services: DemoService[]): PrometheusServiceLevel[] {
  const names = new Set(services.map(service => service.name));
  return [...new Set(services.map(service => service.product))]
    .flatMap(tenantObjects)
    .filter(
      object =>
        object.kind === 'PrometheusServiceLevel' &&
        names.has(object.spec?.service),
    ) as PrometheusServiceLevel[];
}

/**
 * Minutes of history a cluster that starts failing has already failed for:
 * more than the hour of the page alert's long window, so that window and
 * the 5m one see it at the first evaluation, as on a cluster failing since.
 */
export const FAILING_FOR_MINUTES = 70;

/**
 * Three days of counters at one sample a minute, ending now: the baseline,
 * and one incident (5 % errors for 40 minutes, 30 hours ago) that the 3d
 * window and the budget still remember. A cluster that starts failing
 * (`recentShare` above the baseline) has failed at that share for the last
 * FAILING_FOR_MINUTES.
 */
function history(
  services: DemoService[],
  nowMs: number,
  job: string,
  targets: Map<string, string>,
  recentShare: number,
) {
  const minutes = 3 * 24 * 60;
  const incident = { from: 30 * 60, to: 30 * 60 - 40 };
  const shareAt = (ago: number) => {
    if (ago < FAILING_FOR_MINUTES) return recentShare;
    return ago <= incident.from && ago > incident.to ? 0.05 : BASELINE_ERRORS;
  };
  const samples = [];
  for (const service of services) {
    const state = { total: 0, errors: 0, slow: 0 };
    for (let ago = minutes; ago >= 0; ago--) {
      const seconds = Math.floor((nowMs - ago * 60_000) / 1000);
      const requests = 60 * PAGES_PER_CLUSTER_PER_SECOND;
      const failing = shareAt(ago);
      state.total += requests;
      state.errors += requests * failing;
      state.slow += requests * SLOW_SHARE;
      // The labels the service writes and scraping adds: history and live
      // data are one series (the live counter starts again at 0, a reset
      // rate() allows for).
      const labels = {
        job,
        instance: targets.get(service.name)!,
        service_name: service.name,
        http_route: service.name.endsWith('-api') ? '/api/products' : '/',
        http_request_method: 'GET',
      };
      const name = 'http_server_request_duration_seconds';
      // Served (200) and failed (503, what the web answers when the API
      // fails it); the failures are fast, the slow ones are among the served.
      const byStatus = [
        {
          status: '200',
          count: state.total - state.errors,
          fast: state.total - state.errors - state.slow,
        },
        { status: '503', count: state.errors, fast: state.errors },
      ];
      for (const { status, count, fast } of byStatus) {
        const series = { ...labels, http_response_status_code: status };
        samples.push(
          {
            labels: { __name__: `${name}_count`, ...series },
            value: count,
            timestampSeconds: seconds,
          },
          {
            labels: { __name__: `${name}_bucket`, ...series, le: '0.3' },
            value: fast,
            timestampSeconds: seconds,
          },
          {
            labels: { __name__: `${name}_bucket`, ...series, le: '+Inf' },
            value: count,
            timestampSeconds: seconds,
          },
        );
      }
    }
  }
  return toOpenMetrics(samples);
}

export interface ClusterPrometheus {
  url: string;
  /** Scrapes more services and evaluates their tenants' SLO rules too. */
  addServices(
    services: DemoService[],
    targets: Map<string, string>,
  ): Promise<void>;
  /** Stops scraping these services and evaluating their rules. */
  removeServices(names: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Seconds between scrapes, and between evaluations of the short windows. */
const SCRAPE_SECONDS = 5;

/**
 * Seconds between evaluations of the SLI windows longer than an hour (2h,
 * 6h, 1d, 3d and the 30d period) in the embedded default (`./trinity
 * start`, which runs for days). A rate over 3d or 1d reads every sample
 * in it (one a minute of backfill, then one every 5 s as the services are
 * scraped): at every scrape they were most of the rules' cost, and more
 * each day the demo runs. Every 30 s instead, the three Prometheus take
 * 1.9 % of a core instead of 3.1-3.8 % (bench/living.ts, 60 s idle).
 * What it costs in detection: these series are up to 30 s older than the
 * last scrape. The page alert's quick pair (5m and 1h: the Fleet tab's
 * page condition, ~86 s into a 60 % burn) stays at every scrape, so that
 * page is as quick as before; its slow pair (30m and 6h, crossed ~216 s
 * into such a burn) and the tickets (2h and 1d, ~430 s; 6h and 3d) can
 * fire up to 30 s later, on windows of hours. A freshly started
 * Prometheus records them within 30 s (Prometheus slots a group's first
 * evaluation anywhere in its interval), so a fleet that lives minutes (a
 * test's) evaluates every window at every scrape and knows them all
 * within 5 s of starting.
 */
export const LONG_WINDOW_SECONDS = 30;

const HOUR_SECONDS = 3600;

/**
 * Sloth's SLI recordings of one SLO, split: the windows up to an hour at
 * every scrape, the longer ones every `longWindowSeconds` (own group).
 * The rules themselves are Sloth's, unchanged.
 */
function withLongWindowsApart(
  group: RuleGroup,
  longWindowSeconds: number,
): object[] {
  if (longWindowSeconds <= SCRAPE_SECONDS) return [group];
  const isLong = (rule: RuleGroup['rules'][number]) =>
    rule.labels?.sloth_window !== undefined &&
    parseDuration(rule.labels.sloth_window) > HOUR_SECONDS;
  const long = group.rules.filter(isLong);
  if (!long.length) return [group];
  return [
    { ...group, rules: group.rules.filter(rule => !isLong(rule)) },
    {
      name: `${group.name}-long-windows`,
      interval: `${longWindowSeconds}s`,
      rules: long,
    },
  ];
}

/**
 * The Go runtime of each cluster's Prometheus, for its small load (two
 * targets, a few hundred series, a ~12 MiB heap): a collection once the
 * heap grows by half (GOGC=50, default 100) takes ~4 MiB of RSS off each
 * (bench/living.ts, 60 s idle: 163 → 150 MiB for the three); one OS thread
 * running Go at a time (GOMAXPROCS=1) keeps the extra collections from
 * costing CPU (1.9 % of a core for the three, against 2.1-2.2 % with GOGC
 * alone). A GOMEMLIMIT of 40 MiB took nothing more off.
 */
const PROMETHEUS_GO_ENV = { GOMAXPROCS: '1', GOGC: '50' };

/** What a cluster's Prometheus evaluates and scrapes for these services. */
function configFor(
  job: string,
  services: DemoService[],
  targets: Map<string, string>,
  longWindowSeconds: number,
) {
  const groups = sloSpecsFor(services).flatMap(spec =>
    slothRuleGroups(spec, {
      version: 'trinity-demo',
      mode: 'cli-gen-k8s',
    }).flatMap(group => withLongWindowsApart(group, longWindowSeconds)),
  );
  return {
    ruleFiles: [{ name: 'slo-rules.yml', yaml: stringify({ groups }) }],
    scrapeConfigs: [
      {
        job_name: job,
        static_configs: [
          {
            targets: services
              .map(service => targets.get(service.name))
              .filter(Boolean),
          },
        ],
      },
    ],
  };
}

/**
 * Resolves once the Prometheus has evaluated each rule group that runs at
 * every scrape, and each again after all of them had: Sloth's meta rules
 * (the budget left) read the SLI group's series, and Prometheus slots each
 * group's first evaluation anywhere in its interval, so one round can find
 * its input still empty. From then on the page alert's windows and the
 * budget (and, when they run as often, all the other windows) hold a
 * value: a reader sees the SLOs, not an empty answer, from the fleet's
 * first moment.
 */
async function rulesEvaluated(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const lastEvaluations = async () =>
    (
      (await (await fetch(`${url}/api/v1/rules`)).json()).data.groups as Array<{
        interval: number;
        lastEvaluation: string;
      }>
    )
      .filter(group => group.interval <= SCRAPE_SECONDS)
      .map(group => Date.parse(group.lastEvaluation));
  const allEvaluatedAfter = async (since: number) =>
    (await lastEvaluations()).every(evaluated => evaluated > since);
  // Never evaluated reads as 0001-01-01.
  await eventually(
    () => allEvaluatedAfter(Date.parse('0001-01-01T00:00:00Z')),
    `every rule group of the Prometheus at ${url} evaluated once`,
    timeoutMs,
  );
  const lastFirst = Math.max(...(await lastEvaluations()));
  await eventually(
    () => allEvaluatedAfter(lastFirst),
    `every rule group of the Prometheus at ${url} evaluated again`,
    Math.max(0, deadline - Date.now()),
  );
}

/**
 * Starts the cluster's Prometheus on a free port, scraping each service's
 * /metrics at `targets` (service name → host:port), with the SLO rules of
 * their tenants, once their first evaluation is done.
 */
export async function startClusterPrometheus(options: {
  cluster: DemoCluster;
  services: DemoService[];
  targets: Map<string, string>;
  /**
   * The error share the cluster's services have failed at for the last
   * FAILING_FOR_MINUTES (its starting scenario's); the baseline else.
   */
  recentErrorShare?: number;
  /** See LONG_WINDOW_SECONDS; default: every scrape. */
  longWindowSeconds?: number;
}): Promise<ClusterPrometheus> {
  const job = `${options.cluster.name}-services`;
  const services = [...options.services];
  const targets = new Map(options.targets);
  const longWindowSeconds = options.longWindowSeconds ?? SCRAPE_SECONDS;
  const openMetrics = history(
    services,
    Date.now(),
    job,
    targets,
    options.recentErrorShare ?? BASELINE_ERRORS,
  );
  const prometheus = await startPrometheus({
    openMetrics,
    intervalSeconds: SCRAPE_SECONDS,
    env: PROMETHEUS_GO_ENV,
    ...configFor(job, services, targets, longWindowSeconds),
  });
  try {
    await rulesEvaluated(prometheus.url);
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return {
    url: prometheus.url,
    // A product synced later has no history: its windows fill as it serves.
    async addServices(more, moreTargets) {
      services.push(...more);
      for (const [service, target] of moreTargets) targets.set(service, target);
      await prometheus.reconfigure(
        configFor(job, services, targets, longWindowSeconds),
      );
    },
    async removeServices(names) {
      const kept = services.filter(service => !names.includes(service.name));
      services.splice(0, services.length, ...kept);
      for (const name of names) targets.delete(name);
      await prometheus.reconfigure(
        configFor(job, services, targets, longWindowSeconds),
      );
    },
    stop: prometheus.stop,
  };
}

/** Forwards every request to the cluster's Prometheus (behind its scenario: down, slow). */
export function proxyRouter(target: () => string) {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: '1mb' }));
  router.all('*', async (req, res) => {
    try {
      const answer = await fetch(`${target()}${req.originalUrl}`, {
        method: req.method,
        headers: { 'content-type': req.get('content-type') ?? 'text/plain' },
        body: ['GET', 'HEAD'].includes(req.method) ? undefined : req.body,
      });
      res
        .status(answer.status)
        .type(answer.headers.get('content-type') ?? 'application/json')
        .send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      res.status(502).json({
        status: 'error',
        errorType: 'unavailable',
        error: `the cluster's Prometheus did not answer: ${
          (error as Error).message
        }`,
      });
    }
  });
  return router;
}
