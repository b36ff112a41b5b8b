import { parser } from '@prometheus-io/lezer-promql';
import {
  PrometheusServiceLevel,
  slothRuleGroups,
  specProblems,
} from '@internal/sloth-rules';

/** What one service's SLO spec records on a cluster's Prometheus. */
export interface SloSeries {
  service: string;
  slos: string[];
  /** The recorded series names (Sloth's rules for the spec). */
  records: Set<string>;
}

/** The series a PrometheusServiceLevel makes Sloth record (empty when Sloth would refuse it). */
export function sloSeriesOf(spec: PrometheusServiceLevel): SloSeries {
  const records = specProblems(spec).length
    ? []
    : slothRuleGroups(spec, { version: 'trinity' })
        .flatMap(group => group.rules)
        .flatMap(rule => (rule.record ? [rule.record] : []));
  return {
    service: String(spec.spec?.service),
    slos: (spec.spec?.slos ?? []).map(slo => String(slo.name)),
    records: new Set(records),
  };
}

interface Selector {
  metric: string;
  /** Label equality matchers (`=`) only: the others cannot name one SLO. */
  labels: Record<string, string>;
}

/**
 * Parses a query with Prometheus' own PromQL grammar (the lezer grammar of
 * the Prometheus UI): its syntax errors and its vector selectors.
 */
function parsePromql(query: string): {
  errors: number[];
  selectors: Selector[];
} {
  const errors: number[] = [];
  const selectors: Selector[] = [];
  const text = (from: number, to: number) => query.slice(from, to);
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name !== 'VectorSelector') return;
      const selector: Selector = { metric: '', labels: {} };
      const cursor = node.node.cursor();
      cursor.iterate(child => {
        if (child.name === 'Identifier' && !selector.metric)
          selector.metric = text(child.from, child.to);
        if (child.name !== 'UnquotedLabelMatcher') return;
        const name = child.node.getChild('LabelName');
        const op = child.node.getChild('MatchOp');
        const value = child.node.getChild('StringLiteral');
        if (name && value && op?.getChild('EqlSingle'))
          selector.labels[text(name.from, name.to)] = JSON.parse(
            text(value.from, value.to).replace(/^'|'$/g, '"'),
          );
      });
      selectors.push(selector);
    },
  });
  return { errors, selectors };
}

/**
 * Why an analysis query (its arguments substituted) cannot judge a canary
 * by the service's SLOs: not PromQL, or naming no Sloth series, or a Sloth
 * series (`slo:*`) that no SLO of the namespace records for the service and
 * SLO its `sloth_service` and `sloth_slo` matchers name.
 */
export function analysisQueryProblems(
  query: string,
  series: SloSeries[],
): string[] {
  if (/\{\{\s*args\./.test(query))
    return [`names an argument nothing gives a value: ${query}`];
  const { errors, selectors } = parsePromql(query);
  if (errors.length)
    return [
      `not valid PromQL (at character ${errors[0]}: "${query.slice(
        errors[0],
        errors[0] + 20,
      )}")`,
    ];
  const sloth = selectors.filter(s => s.metric.startsWith('slo:'));
  if (!sloth.length)
    return [
      `reads no Sloth series (slo:*), so it does not judge the canary by the service's SLOs`,
    ];
  return sloth.flatMap(s => {
    const service = s.labels.sloth_service;
    const slo = s.labels.sloth_slo;
    if (!service)
      return [
        `${s.metric} has no sloth_service="…" matcher: it would mix every service's SLOs`,
      ];
    const spec = series.find(x => x.service === service);
    if (!spec)
      return [
        `${s.metric}: no PrometheusServiceLevel of this namespace is for service ${service}`,
      ];
    if (slo && !spec.slos.includes(slo))
      return [
        `${s.metric}: service ${service} has no SLO ${slo} (${spec.slos.join(
          ', ',
        )})`,
      ];
    if (!spec.records.has(s.metric))
      return [`${s.metric} is not a series Sloth records for ${service}`];
    return [];
  });
}
