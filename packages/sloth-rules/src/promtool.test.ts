/*
 * The rules the generator writes for the tenants' real SLO specs
 * (infra/tenants/<product>/base/*.yaml), checked by Prometheus' own tool:
 * `promtool check rules` accepts them, and `promtool test rules` evaluates
 * them over request counters with a known error ratio — the SLI recorded
 * for every window, the period budget, and the page and ticket alerts
 * firing with Sloth's labels and annotations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { slothRuleGroups } from './generate';
import { PrometheusServiceLevel } from './spec';
import { promtool, requirePromtool } from './__testUtils__/promtool';

const repoRoot = path.resolve(__dirname, '../../..');
const tenants = path.join(repoRoot, 'infra/tenants');

/** Every PrometheusServiceLevel of every tenant, with its file. */
function tenantSpecs() {
  const out: Array<{ file: string; spec: PrometheusServiceLevel }> = [];
  for (const product of fs.readdirSync(tenants)) {
    const base = path.join(tenants, product, 'base');
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base).filter(f => f.endsWith('.yaml'))) {
      const file = path.join(base, name);
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const object = doc.toJS();
        if (object?.kind === 'PrometheusServiceLevel')
          out.push({ file: path.relative(repoRoot, file), spec: object });
      }
    }
  }
  return out;
}

let dir: string;
beforeAll(() => {
  requirePromtool();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-sloth-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const specs = tenantSpecs();

it('finds the tenants SLO specs', () => {
  expect(specs.map(s => s.spec.metadata.name).sort()).toEqual([
    'storefront-api',
    'storefront-web',
  ]);
});

describe.each(specs)('$file', ({ spec }) => {
  it('gives rules promtool check rules accepts', () => {
    const file = path.join(dir, `${spec.metadata.name}.rules.yaml`);
    const groups = slothRuleGroups(spec, { version: 'trinity' });
    fs.writeFileSync(file, stringify({ groups }));
    const rules = groups.flatMap(group => group.rules).length;
    expect(promtool(['check', 'rules', file], dir)).toContain(
      `SUCCESS: ${rules} rules found`,
    );
  });
});

it('records the SLI and fires the page and ticket alerts on a 10 % error ratio (promtool test rules)', () => {
  const { spec } = specs.find(s => s.spec.metadata.name === 'storefront-api')!;
  fs.writeFileSync(
    path.join(dir, 'api.rules.yaml'),
    stringify({ groups: slothRuleGroups(spec, { version: 'trinity' }) }),
  );
  const series = (labels: string) =>
    `http_server_request_duration_seconds_count{service_name="storefront-api",${labels}}`;
  const ids = {
    product: 'storefront',
    sloth_id: 'storefront-api-requests-availability',
    sloth_service: 'storefront-api',
    sloth_slo: 'requests-availability',
    team: 'team-storefront',
  };
  const labelText = (labels: Record<string, string>) =>
    Object.entries(labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
  const alert = (severity: string) => ({
    exp_labels: { ...ids, severity, sloth_severity: severity },
    exp_annotations: {
      title: `(${severity}) storefront-api requests-availability SLO error budget burn rate is too fast.`,
      summary:
        'storefront-api requests-availability SLO error budget burn rate is over expected.',
    },
  });
  const unitTests = {
    rule_files: ['api.rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        // 600 requests a minute, 60 of them 5xx; 594 within 300 ms.
        input_series: [
          {
            series: series('http_response_status_code="200"'),
            values: '0+540x180',
          },
          {
            series: series('http_response_status_code="500"'),
            values: '0+60x180',
          },
          {
            series: `http_server_request_duration_seconds_bucket{service_name="storefront-api",le="0.3"}`,
            values: '0+594x180',
          },
        ],
        promql_expr_test: ['5m', '1h', '6h'].map(window => ({
          // Rounded: a rate over a 6h window is 0.09999999999999999.
          expr: `round(slo:sli_error:ratio_rate${window}{sloth_slo="requests-availability"}, 0.000001)`,
          eval_time: '2h',
          exp_samples: [
            {
              labels: `{${labelText({
                ...ids,
                sloth_window: window,
              })}}`,
              value: 0.1,
            },
          ],
        })),
        alert_rule_test: [
          {
            eval_time: '2h',
            alertname: 'storefront-api-availability',
            exp_alerts: [alert('page'), alert('ticket')],
          },
          // The latency SLO (1 % slow, objective 99 %) burns at 1x: no alert.
          {
            eval_time: '2h',
            alertname: 'storefront-api-latency',
            exp_alerts: [],
          },
        ],
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'api.test.yaml'), stringify(unitTests));
  expect(promtool(['test', 'rules', 'api.test.yaml'], dir)).toContain(
    'SUCCESS',
  );
});
