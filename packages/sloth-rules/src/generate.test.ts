/*
 * The generator against Sloth's own generate test (__fixtures__/sloth,
 * source in SOURCE.md): the same input gives the same PrometheusRule,
 * rule by rule, expression by expression.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { goFloat } from './format';
import { prometheusRuleFor, slothRuleGroups } from './generate';
import { PrometheusServiceLevel } from './spec';

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__/sloth', name), 'utf8');
const docs = (text: string) =>
  parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(Boolean);
const version = 'trinity-test';

/** Sloth's test renders its expected output as a Go template with its version. */
const renderExpected = (template: string) =>
  template
    .replace(/\{\{ \.version \}\}/g, version)
    .replace(/\{\{"([^"]*)"\}\}/g, '$1');

describe("Sloth's generate test (Kubernetes input)", () => {
  const [input] = docs(fixture('in-base-k8s.yaml')) as PrometheusServiceLevel[];
  const [expected] = docs(renderExpected(fixture('out-base-k8s.yaml.tpl')));
  const actual = prometheusRuleFor(input, { version });

  it('writes the same PrometheusRule, group by group and rule by rule', () => {
    expect(actual.metadata).toEqual(expected.metadata);
    expect(actual.spec.groups.map(g => g.name)).toEqual(
      expected.spec.groups.map((g: { name: string }) => g.name),
    );
    actual.spec.groups.forEach((group, index) => {
      expect(group).toEqual(expected.spec.groups[index]);
    });
    expect(actual).toEqual(expected);
  });

  it('leaves out the alert group of an SLO whose alerts are both disabled', () => {
    expect(actual.spec.groups.map(g => g.name)).not.toContain(
      'sloth-slo-alerts-svc01-slo02',
    );
  });
});

describe('what the generator refuses', () => {
  const base = (slo: Record<string, unknown>): PrometheusServiceLevel => ({
    apiVersion: 'sloth.slok.dev/v1',
    kind: 'PrometheusServiceLevel',
    metadata: { name: 'x' },
    spec: { service: 'svc', slos: [slo as any] },
  });

  it('an SLI with neither events nor raw, an objective over 100, alerts without a name', () => {
    expect(() =>
      slothRuleGroups(base({ name: 'a', objective: 101, sli: {} }), {
        version,
      }),
    ).toThrow(
      'x: SLO a: the SLI needs exactly one of events, raw or plugin; SLO a: the objective must be above 0 and at most 100; SLO a: alerting.name is required while an alert is enabled',
    );
  });
});

describe("numbers as Go's %g prints them", () => {
  it.each([
    [0.9990000000000001, '0.9990000000000001'],
    [0.0009999999999999432, '0.0009999999999999432'],
    [(100 - 99.99) / 100, '0.00010000000000005117'],
    [0.000012345, '1.2345e-05'],
    [14.4, '14.4'],
    [30, '30'],
  ])('%p → %s', (value, text) => {
    expect(goFloat(value)).toBe(text);
  });
});
