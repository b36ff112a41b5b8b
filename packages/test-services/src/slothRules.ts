/**
 * Sloth's recording rules for an events-based SLI (error query / total
 * query), from the project's Sloth generator (@internal/sloth-rules, held to
 * Sloth's own generate test), as stages promtool can backfill: promtool
 * evaluates a rule only against what Prometheus already stores, so each
 * stage holds the rules that read only what earlier stages recorded. In a
 * real Prometheus they are one rule file evaluated continuously.
 */
import { Rule, slothRuleGroups } from '@internal/sloth-rules';
import { stringify } from 'yaml';

export interface SlothSlo {
  service: string;
  slo: string;
  /** Percent, as in a Sloth spec: 99.9 */
  objective: number;
  /** PromQL with `{{.window}}` where the window goes. */
  errorQuery: string;
  totalQuery: string;
}

/** The rule groups' recording rules, staged by what each reads; YAML rule files. */
export function slothRules(slo: SlothSlo): string[] {
  const groups = slothRuleGroups(
    {
      apiVersion: 'sloth.slok.dev/v1',
      kind: 'PrometheusServiceLevel',
      metadata: { name: slo.service },
      spec: {
        service: slo.service,
        slos: [
          {
            name: slo.slo,
            objective: slo.objective,
            sli: {
              events: {
                errorQuery: slo.errorQuery,
                totalQuery: slo.totalQuery,
              },
            },
            alerting: {
              pageAlert: { disable: true },
              ticketAlert: { disable: true },
            },
          },
        ],
      },
    },
    { version: 'test-services' },
  );
  let pending: Rule[] = groups.flatMap(group =>
    group.rules.filter(rule => rule.record),
  );
  const stages: Rule[][] = [];
  /** Whether a rule reads another of the still pending rules. */
  const readsPending = (rule: Rule, waiting: Rule[]) =>
    waiting.some(
      other => other !== rule && rule.expr.includes(`${other.record!}{`),
    );
  while (pending.length) {
    const waiting = pending;
    const ready = waiting.filter(rule => !readsPending(rule, waiting));
    if (!ready.length)
      throw new Error('the recording rules read each other in a cycle');
    stages.push(ready);
    pending = pending.filter(rule => !ready.includes(rule));
  }
  return stages.map((rules, index) =>
    stringify({
      groups: [
        { name: `sloth-stage-${index}-${slo.service}-${slo.slo}`, rules },
      ],
    }),
  );
}
