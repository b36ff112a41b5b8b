/*
 * The canary's judge, run by Prometheus' own engine: storefront-api's
 * AnalysisTemplate as rendered in infra/tenants/storefront (its queries,
 * with the arguments its Rollout gives them, substituted as Argo Rollouts
 * does), evaluated by `promtool test rules` over the series Sloth's rules
 * (this package's generator, for the same tenant's SLO spec) record from
 * request counters. A healthy service gives a number below the template's
 * failureCondition threshold, a burning one a number at or above it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { slothRuleGroups } from './generate';
import { PrometheusServiceLevel } from './spec';
import { promtool, requirePromtool } from './__testUtils__/promtool';

type Json = Record<string, any>;

const repoRoot = path.resolve(__dirname, '../../..');
const tenantFile = path.join(
  repoRoot,
  'infra/tenants/storefront/base/storefront-api.yaml',
);
const objects: Json[] = parseAllDocuments(
  fs.readFileSync(tenantFile, 'utf8'),
).map(doc => doc.toJS());
const ofKind = (kind: string) => objects.filter(o => o?.kind === kind);

const spec = ofKind('PrometheusServiceLevel')[0] as PrometheusServiceLevel;
const rollout = ofKind('Rollout')[0];
const template = ofKind('AnalysisTemplate')[0];

/** The args the Rollout's first analysis step gives the template. */
const stepArgs: Record<string, string> = Object.fromEntries(
  (
    (rollout.spec.strategy.canary.steps as Json[]).find(s => s.analysis)
      ?.analysis.args ?? []
  ).map((a: Json) => [a.name, a.value]),
);
// Argo Rollouts resolves "{{args.<name>}}" in the query before it runs it.
const resolve = (query: string) =>
  query.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_, arg: string) => {
    if (!(arg in stepArgs)) throw new Error(`no value for args.${arg}`);
    return stepArgs[arg];
  });

const metrics = (template.spec.metrics as Json[]).map(m => {
  // The one shape the template uses: result[0] >= <threshold>.
  const threshold = /^result\[0\] >= ([\d.]+)$/.exec(m.failureCondition);
  if (!threshold)
    throw new Error(`unexpected failureCondition ${m.failureCondition}`);
  return {
    name: String(m.name),
    query: resolve(m.provider.prometheus.query),
    threshold: Number(threshold[1]),
  };
});

let dir: string;
beforeAll(() => {
  requirePromtool();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-analysis-'));
  fs.writeFileSync(
    path.join(dir, 'api.rules.yaml'),
    stringify({ groups: slothRuleGroups(spec, { version: 'trinity' }) }),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const counter = (labels: string, perMinute: number) => ({
  series: `http_server_request_duration_seconds${labels}`,
  values: `0+${perMinute}x180`,
});

/**
 * 2,000 requests a minute, `errors` of them 5xx, `slow` over the latency
 * target (le="0.3" counts the rest).
 */
const traffic = (errors: number, slow: number) => [
  counter(
    '_count{service_name="storefront-api",http_response_status_code="200"}',
    2000 - errors,
  ),
  counter(
    '_count{service_name="storefront-api",http_response_status_code="500"}',
    errors,
  ),
  counter('_bucket{service_name="storefront-api",le="0.3"}', 2000 - slow),
];

/** Runs each metric's query at 2h and expects the burn rates given. */
function evaluate(
  name: string,
  errors: number,
  slow: number,
  expected: Record<string, number>,
) {
  const tests = {
    rule_files: ['api.rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: traffic(errors, slow),
        promql_expr_test: metrics.map(m => ({
          expr: `round(${m.query}, 0.001)`,
          eval_time: '2h',
          exp_samples: [{ labels: '{}', value: expected[m.name] }],
        })),
      },
    ],
  };
  const file = `${name}.test.yaml`;
  fs.writeFileSync(path.join(dir, file), stringify(tests));
  return promtool(['test', 'rules', file], dir);
}

it('reads the rendered template with the Rollout’s service', () => {
  expect(metrics.map(m => m.name)).toEqual([
    'requests-availability-burn-rate',
    'requests-latency-burn-rate',
  ]);
  for (const m of metrics) {
    expect(m.query).toContain('sloth_service="storefront-api"');
    expect(m.query).not.toContain('{{');
  }
});

it('gives a healthy service burn rates below the failure threshold', () => {
  // 0.05 % errors against a 99.9 % objective, 0.5 % slow against 99 %.
  const burn = {
    'requests-availability-burn-rate': 0.5,
    'requests-latency-burn-rate': 0.5,
  };
  expect(evaluate('healthy', 1, 10, burn)).toContain('SUCCESS');
  for (const m of metrics)
    expect(burn[m.name as keyof typeof burn]).toBeLessThan(m.threshold);
});

it('fails the canary of a service that burns its error budget', () => {
  // 10 % errors: 100x the availability budget; latency still fine.
  const burn = {
    'requests-availability-burn-rate': 100,
    'requests-latency-burn-rate': 0.5,
  };
  expect(evaluate('burning', 200, 10, burn)).toContain('SUCCESS');
  const availability = metrics.find(
    m => m.name === 'requests-availability-burn-rate',
  )!;
  expect(burn['requests-availability-burn-rate']).toBeGreaterThanOrEqual(
    availability.threshold,
  );
});
