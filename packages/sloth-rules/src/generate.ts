/**
 * Sloth's rule set for a PrometheusServiceLevel, written as Sloth writes it
 * (slok/sloth internal/plugin/slo/core: sli_rules_v1, metadata_rules_v1,
 * alert_rules_v1): per SLO, the SLI error ratio recorded over every alert
 * window and the period, the SLO's metadata (objective, budget, burn
 * rates, budget left, info), and the page and ticket multiwindow
 * multi-burn alerts.
 */
import { goFloat, parseDuration, promDuration } from './format';
import {
  AlertWindow,
  AlertWindows,
  GOOGLE_30D,
  PrometheusServiceLevel,
  Slo,
  SloAlert,
} from './spec';

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export interface GenerateOptions {
  /** `sloth_version` on the info metric. */
  version: string;
  /** `sloth_mode` on the info metric (Sloth's CLI on a Kubernetes spec: `cli-gen-k8s`). */
  mode?: string;
  windows?: AlertWindows;
}

const WINDOW = 'sloth_window';

/** Later maps win, as Sloth's MergeLabels. */
const merge = (...maps: Array<Record<string, string> | undefined>) =>
  Object.assign({}, ...maps.filter(Boolean)) as Record<string, string>;

/** `{a="1", b="2"}` with the keys sorted, as Sloth's LabelsToPromFilter. */
function filterOf(labels: Record<string, string>) {
  return `{${Object.keys(labels)
    .sort()
    .map(key => `${key}="${labels[key]}"`)
    .join(', ')}}`;
}

const sliMetric = (window: string) => `slo:sli_error:ratio_rate${window}`;

/** Sloth's `{{.window}}` in an SLI query (a Go template variable). */
const withWindow = (query: string, window: string) =>
  query.replace(/\{\{\s*\.window\s*\}\}/g, window);

/** The burn rate that spends `percent` of the period's budget in `window`. */
function burnFactor(period: string, window: AlertWindow) {
  const hours =
    (window.errorBudgetPercent * parseDuration(period)) / 3600 / 100;
  return hours / (parseDuration(window.longWindow) / 3600);
}

function sliRules(
  slo: Slo,
  ids: Record<string, string>,
  labels: Record<string, string>,
  windows: AlertWindows,
): Rule[] {
  const alertWindows = [windows.page, windows.ticket].flatMap(severity =>
    [severity.quick, severity.slow].flatMap(pair => [
      pair.shortWindow,
      pair.longWindow,
    ]),
  );
  const sorted = [...new Set(alertWindows.map(parseDuration))]
    .sort((shorter, longer) => shorter - longer)
    .map(promDuration);
  const rules: Rule[] = sorted.map(window => ({
    record: sliMetric(window),
    expr: slo.sli.events
      ? `(${withWindow(slo.sli.events.errorQuery, window)})\n/\n(${withWindow(
          slo.sli.events.totalQuery,
          window,
        )})\n`
      : `(${withWindow(slo.sli.raw!.errorRatioQuery, window)})`,
    labels: merge(ids, { [WINDOW]: window }, labels),
  }));
  // The period from the shortest page window: Sloth's optimised form.
  const period = windows.sloPeriod;
  const shortest = sliMetric(windows.page.quick.shortWindow);
  rules.push({
    record: sliMetric(period),
    expr: `sum_over_time(${shortest}${filterOf(
      ids,
    )}[${period}])\n/ ignoring (${WINDOW})\ncount_over_time(${shortest}${filterOf(
      ids,
    )}[${period}])\n`,
    labels: merge(ids, { [WINDOW]: period }, labels),
  });
  return rules;
}

function metaRules(
  slo: Slo,
  ids: Record<string, string>,
  labels: Record<string, string>,
  windows: AlertWindows,
  options: GenerateOptions,
): Rule[] {
  const ratio = slo.objective / 100;
  const filter = filterOf(ids);
  const burnRate = (window: string) =>
    `${sliMetric(
      window,
    )}${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}\n`;
  const all = merge(ids, labels);
  return [
    {
      record: 'slo:objective:ratio',
      expr: `vector(${goFloat(ratio)})`,
      labels: all,
    },
    {
      record: 'slo:error_budget:ratio',
      expr: `vector(1-${goFloat(ratio)})`,
      labels: all,
    },
    {
      record: 'slo:time_period:days',
      expr: `vector(${goFloat(parseDuration(windows.sloPeriod) / 86_400)})`,
      labels: all,
    },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: burnRate(windows.page.quick.shortWindow),
      labels: all,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: burnRate(windows.sloPeriod),
      labels: all,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio${filter}`,
      labels: all,
    },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: merge(all, {
        sloth_version: options.version,
        sloth_mode: options.mode ?? 'cli-gen-k8s',
        sloth_spec: 'sloth.slok.dev/v1',
        sloth_objective: goFloat(slo.objective),
      }),
    },
  ];
}

function alertRule(
  slo: Slo,
  ids: Record<string, string>,
  severity: 'page' | 'ticket',
  meta: SloAlert | undefined,
  windows: AlertWindows,
): Rule {
  const { quick, slow } = windows[severity];
  const filter = filterOf(ids);
  const budget = goFloat((100 - slo.objective) / 100);
  const over = (window: string, pair: AlertWindow) =>
    `max(${sliMetric(window)}${filter} > (${goFloat(
      burnFactor(windows.sloPeriod, pair),
    )} * ${budget})) without (${WINDOW})`;
  const expr = `(\n    ${over(quick.shortWindow, quick)}\n    and\n    ${over(
    quick.longWindow,
    quick,
  )}\n)\nor\n(\n    ${over(slow.shortWindow, slow)}\n    and\n    ${over(
    slow.longWindow,
    slow,
  )}\n)\n`;
  return {
    alert: slo.alerting!.name!,
    expr,
    labels: merge(
      { sloth_severity: severity },
      slo.alerting?.labels,
      meta?.labels,
    ),
    annotations: merge(
      {
        title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
        summary:
          '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
      },
      slo.alerting?.annotations,
      meta?.annotations,
    ),
  };
}

/** Why a spec cannot be turned into rules, in words; nothing when it can. */
export function specProblems(spec: PrometheusServiceLevel): string[] {
  const problems: string[] = [];
  for (const slo of spec.spec?.slos ?? []) {
    const at = `SLO ${slo.name}`;
    const kinds = ['events', 'raw', 'plugin'].filter(
      kind => (slo.sli as Record<string, unknown>)?.[kind],
    );
    if (kinds.length !== 1)
      problems.push(
        `${at}: the SLI needs exactly one of events, raw or plugin`,
      );
    if (slo.sli?.plugin)
      problems.push(`${at}: SLI plugins are not supported by this generator`);
    if (!(slo.objective > 0 && slo.objective <= 100))
      problems.push(`${at}: the objective must be above 0 and at most 100`);
    const alerting =
      !slo.alerting?.pageAlert?.disable || !slo.alerting?.ticketAlert?.disable;
    if (alerting && !slo.alerting?.name)
      problems.push(
        `${at}: alerting.name is required while an alert is enabled`,
      );
  }
  return problems;
}

/** The rule groups of one PrometheusServiceLevel, in Sloth's order. */
export function slothRuleGroups(
  spec: PrometheusServiceLevel,
  options: GenerateOptions,
): RuleGroup[] {
  const problems = specProblems(spec);
  if (problems.length)
    throw new Error(`${spec.metadata?.name}: ${problems.join('; ')}`);
  const windows = options.windows ?? GOOGLE_30D;
  const service = spec.spec.service;
  return spec.spec.slos.flatMap(slo => {
    const id = `${service}-${slo.name}`;
    const ids = { sloth_id: id, sloth_service: service, sloth_slo: slo.name };
    const labels = merge(spec.spec.labels, slo.labels);
    const alerts = (['page', 'ticket'] as const)
      .map(severity => ({
        severity,
        meta:
          severity === 'page'
            ? slo.alerting?.pageAlert
            : slo.alerting?.ticketAlert,
      }))
      .filter(({ meta }) => !meta?.disable)
      .map(({ severity, meta }) =>
        alertRule(slo, ids, severity, meta, windows),
      );
    return [
      {
        name: `sloth-slo-sli-recordings-${id}`,
        rules: sliRules(slo, ids, labels, windows),
      },
      {
        name: `sloth-slo-meta-recordings-${id}`,
        rules: metaRules(slo, ids, labels, windows, options),
      },
      ...(alerts.length
        ? [{ name: `sloth-slo-alerts-${id}`, rules: alerts }]
        : []),
    ];
  });
}

/** The PrometheusRule Sloth writes for a spec (its `kubernetes` output). */
export function prometheusRuleFor(
  spec: PrometheusServiceLevel,
  options: GenerateOptions,
) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      labels: {
        'app.kubernetes.io/component': 'SLO',
        'app.kubernetes.io/managed-by': 'sloth',
      },
      name: spec.metadata.name,
      ...(spec.metadata.namespace
        ? { namespace: spec.metadata.namespace }
        : {}),
    },
    spec: { groups: slothRuleGroups(spec, options) },
  };
}
