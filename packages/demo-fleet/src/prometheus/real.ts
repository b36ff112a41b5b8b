/**
 * A cluster's Prometheus, for real: Debian's Prometheus scraping the
 * cluster's request counters every 5 s and evaluating the tenants' SLO
 * rules, written from their real Sloth specs (infra/tenants) by the
 * project's Sloth generator. Three days of counters (with one past
 * incident) are backfilled before it starts, so the 1d and 3d windows mean
 * something from the first minute.
 *
 * The counters are the requests the cluster's services would have served,
 * by the scenario: ~10 a second per service, 0.05 % failing, most within
 * 300 ms; `burning` fails 60 % of them, `degraded` 5 %, `latencyMs` above
 * 300 makes them slow. (The services themselves are not run yet: the
 * counters stand in for their /metrics.)
 */
import express from 'express';
import { stringify } from 'yaml';
import { PrometheusServiceLevel, slothRuleGroups } from '@internal/sloth-rules';
import { startPrometheus, toOpenMetrics } from '@internal/test-services';
import { DemoCluster, DemoService } from '../fleet';
import { tenantObjects } from '../tenants';
import { Scenario } from '../scenario';

const PER_SECOND = 10;
const BASELINE_ERRORS = 0.0005;
const SLOW_SHARE = 0.005;

/** What fails and what is slow under a scenario. */
export function shares(scenario: Scenario) {
  let errors = BASELINE_ERRORS;
  if (scenario.degraded) errors = 0.05;
  if (scenario.burning) errors = 0.6;
  return { errors, slow: scenario.latencyMs > 300 ? 1 : SLOW_SHARE };
}

interface Counters {
  total: number;
  errors: number;
  slow: number;
}

/**
 * The request counters of a cluster's services, advanced by the time since
 * the last scrape at the rates the scenario says, in the exposition format
 * the product template's services write (http_server_request_duration_seconds).
 */
export function countersRouter(
  services: DemoService[],
  scenario: () => Scenario,
  start: Map<string, Counters>,
  now: () => number = Date.now,
) {
  let last = now();
  const router = express.Router();
  router.get('/metrics', (_req, res) => {
    const at = now();
    const seconds = Math.max(0, (at - last) / 1000);
    last = at;
    const { errors, slow } = shares(scenario());
    const lines: string[] = [
      '# TYPE http_server_request_duration_seconds histogram',
    ];
    for (const service of services) {
      const counters = start.get(service.name)!;
      const requests = seconds * PER_SECOND;
      counters.total += requests;
      counters.errors += requests * errors;
      counters.slow += requests * slow;
      const labels = `service_name="${service.name}"`;
      const ok = counters.total - counters.errors;
      lines.push(
        `http_server_request_duration_seconds_count{${labels},http_response_status_code="200"} ${ok}`,
        `http_server_request_duration_seconds_count{${labels},http_response_status_code="500"} ${counters.errors}`,
        `http_server_request_duration_seconds_bucket{${labels},le="0.3"} ${
          counters.total - counters.slow
        }`,
        `http_server_request_duration_seconds_bucket{${labels},le="+Inf"} ${counters.total}`,
      );
    }
    res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
  return router;
}

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
 * Three days of counters at one sample a minute, ending now: the baseline,
 * and one incident (5 % errors for 40 minutes, 30 hours ago) that the 3d
 * window and the budget still remember.
 */
function history(
  services: DemoService[],
  nowMs: number,
  target: { job: string; instance: string },
) {
  const minutes = 3 * 24 * 60;
  const incident = { from: 30 * 60, to: 30 * 60 - 40 };
  const samples = [];
  const counters = new Map<string, Counters>();
  for (const service of services) {
    const state = { total: 0, errors: 0, slow: 0 };
    for (let ago = minutes; ago >= 0; ago--) {
      const seconds = Math.floor((nowMs - ago * 60_000) / 1000);
      const requests = 60 * PER_SECOND;
      const failing =
        ago <= incident.from && ago > incident.to ? 0.05 : BASELINE_ERRORS;
      state.total += requests;
      state.errors += requests * failing;
      state.slow += requests * SLOW_SHARE;
      // The labels scraping will add, so history and live data are one series.
      const labels = { ...target, service_name: service.name };
      const name = 'http_server_request_duration_seconds';
      samples.push(
        {
          labels: {
            __name__: `${name}_count`,
            ...labels,
            http_response_status_code: '200',
          },
          value: state.total - state.errors,
          timestampSeconds: seconds,
        },
        {
          labels: {
            __name__: `${name}_count`,
            ...labels,
            http_response_status_code: '500',
          },
          value: state.errors,
          timestampSeconds: seconds,
        },
        {
          labels: { __name__: `${name}_bucket`, ...labels, le: '0.3' },
          value: state.total - state.slow,
          timestampSeconds: seconds,
        },
        {
          labels: { __name__: `${name}_bucket`, ...labels, le: '+Inf' },
          value: state.total,
          timestampSeconds: seconds,
        },
      );
    }
    counters.set(service.name, state);
  }
  return { openMetrics: toOpenMetrics(samples), counters };
}

export interface ClusterPrometheus {
  url: string;
  /** The counters the cluster's /metrics continues from the history. */
  counters: Map<string, Counters>;
  stop(): Promise<void>;
}

/** Starts the cluster's Prometheus on a free port, scraping `metricsTarget` (host:port). */
export async function startClusterPrometheus(options: {
  cluster: DemoCluster;
  services: DemoService[];
  metricsTarget: string;
}): Promise<ClusterPrometheus> {
  const job = `${options.cluster.name}-services`;
  const { openMetrics, counters } = history(options.services, Date.now(), {
    job,
    instance: options.metricsTarget,
  });
  const groups = sloSpecsFor(options.services).flatMap(spec =>
    slothRuleGroups(spec, { version: 'trinity-demo', mode: 'cli-gen-k8s' }),
  );
  const prometheus = await startPrometheus({
    openMetrics,
    intervalSeconds: 5,
    ruleFiles: [{ name: 'slo-rules.yml', yaml: stringify({ groups }) }],
    scrapeConfigs: [
      {
        job_name: job,
        static_configs: [{ targets: [options.metricsTarget] }],
      },
    ],
  });
  return { url: prometheus.url, counters, stop: prometheus.stop };
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
