/**
 * Prometheus recording rules in the form Sloth generates them for an
 * events-based SLI (error query / total query), so tests can evaluate real
 * Sloth-shaped series with promtool. Two groups, because promtool evaluates
 * a rule against what Prometheus already stores: the SLI windows first, then
 * the metadata rules that read them.
 */
export interface SlothSlo {
  service: string;
  slo: string;
  /** Percent, as in a Sloth spec: 99.9 */
  objective: number;
  /** PromQL with `{{.window}}` where the window goes. */
  errorQuery: string;
  totalQuery: string;
}

const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

function labelLines(labels: Record<string, string>, indent: string) {
  return Object.entries(labels)
    .map(([key, value]) => `${indent}${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

/**
 * The rules as stages, each reading only what earlier stages recorded: SLI
 * windows; objective, budget and the 30-day window; burn rates; remaining
 * budget. In a real Prometheus they are one rule file evaluated continuously.
 */
export function slothRules(slo: SlothSlo): string[] {
  const id = `${slo.service}-${slo.slo}`;
  const ids = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.slo };
  const filter = `{sloth_id="${id}", sloth_service="${slo.service}", sloth_slo="${slo.slo}"}`;
  const ratio = slo.objective / 100;
  const rule = (record: string, expr: string, labels: Record<string, string>) =>
    [
      `  - record: ${record}`,
      `    expr: ${JSON.stringify(expr)}`,
      '    labels:',
      labelLines(labels, '      '),
    ].join('\n');
  const sliRules = windows.map(sliWindow =>
    rule(
      `slo:sli_error:ratio_rate${sliWindow}`,
      `(${slo.errorQuery.replace(
        /\{\{\.window\}\}/g,
        sliWindow,
      )})\n/\n(${slo.totalQuery.replace(/\{\{\.window\}\}/g, sliWindow)})`,
      { ...ids, sloth_window: sliWindow },
    ),
  );
  const metaRules = [
    // Sloth's optimised period window: the mean of the 5m ratio over 30 days.
    rule(
      'slo:sli_error:ratio_rate30d',
      `sum_over_time(slo:sli_error:ratio_rate5m${filter}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${filter}[30d])`,
      { sloth_window: '30d' },
    ),
    rule('slo:objective:ratio', `vector(${ratio})`, ids),
    rule('slo:error_budget:ratio', `vector(1-${ratio})`, ids),
    rule('slo:time_period:days', 'vector(30)', ids),
  ];
  const burnRules = [
    rule(
      'slo:current_burn_rate:ratio',
      `slo:sli_error:ratio_rate5m${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}`,
      ids,
    ),
    rule(
      'slo:period_burn_rate:ratio',
      `slo:sli_error:ratio_rate30d${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}`,
      ids,
    ),
  ];
  const remaining = rule(
    'slo:period_error_budget_remaining:ratio',
    `1 - slo:period_burn_rate:ratio${filter}`,
    ids,
  );
  const group = (name: string, rules: string[]) =>
    ['groups:', `- name: ${name}`, '  rules:', ...rules].join('\n');
  return [
    group(`sloth-slo-sli-recordings-${id}`, sliRules),
    group(`sloth-slo-meta-recordings-${id}`, metaRules),
    group(`sloth-slo-burn-recordings-${id}`, burnRules),
    group(`sloth-slo-budget-recordings-${id}`, [remaining]),
  ];
}
