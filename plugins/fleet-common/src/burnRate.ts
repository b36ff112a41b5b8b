/**
 * Multi-window, multi-burn-rate SLO alerting, as in the Google SRE workbook
 * and Sloth's defaults for a 30-day period:
 *
 * | severity | long window | short window | burn rate above |
 * | --- | --- | --- | --- |
 * | page | 1h | 5m | 14.4 |
 * | page | 6h | 30m | 6 |
 * | ticket | 1d | 2h | 3 |
 * | ticket | 3d | 6h | 1 |
 *
 * A condition fires only when BOTH its windows burn faster than the factor:
 * the long window proves it is significant, the short one that it is still
 * happening. Burn rate = error ratio over the window / error budget
 * (1 − objective).
 */

export const burnWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof burnWindows)[number];

export type SloSeverity = 'page' | 'ticket';

export interface BurnCondition {
  severity: SloSeverity;
  long: BurnWindow;
  short: BurnWindow;
  factor: number;
}

export const burnConditions: readonly BurnCondition[] = [
  { severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor: 6 },
  { severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor: 1 },
];

/**
 * What a window's error ratio can be:
 * - a number: the ratio of failed to all requests in the window;
 * - `NaN`: the window had no requests (Sloth's ratio is 0/0) — no traffic;
 * - `undefined`: no series at all (the recording rule is missing or the
 *   service is not scraped) — unknown, never assumed healthy.
 */
export type WindowRatio = number | undefined;

export type SloStatus = 'ok' | 'ticket' | 'page' | 'no-traffic' | 'unknown';

export interface BurnRateEvaluation {
  status: SloStatus;
  /** Burn rate per window; `null` where the window has no traffic or no data. */
  burnRates: Record<BurnWindow, number | null>;
  /** The conditions that fire, most severe first. */
  firing: BurnCondition[];
  /** Error budget left over the SLO period (0–1, negative when overspent), if known. */
  budgetRemaining: number | null;
  /** Why the status is what it is, in words an on-call engineer reads. */
  reason: string;
}

export interface BurnRateInput {
  objective: number | undefined;
  ratios: Partial<Record<BurnWindow, WindowRatio>>;
  budgetRemaining?: number;
}

/**
 * Strictly above the threshold. Budgets like 1 − 0.999 are not exact in
 * binary floating point, so a ratio of exactly 14.4 × budget computes as
 * 14.399999…; values within a billionth of the factor count as equal to it,
 * and equal does not fire.
 */
function above(rate: number, factor: number) {
  return rate > factor * (1 + 1e-9);
}

const fmt = (value: number) => (Math.round(value * 10) / 10).toString();

/**
 * Evaluates one SLO. Rules for the edge cases, in order:
 * 1. no objective, or one outside (0, 1): `unknown` — nothing can be computed;
 * 2. a window a firing-capable condition needs is missing: that condition
 *    cannot fire, and an `ok` says which windows were not recorded; if no
 *    condition can be evaluated at all, `unknown`;
 * 3. a window with no traffic (NaN) burns nothing: a condition with a NaN
 *    window does not fire; if every window is NaN, `no-traffic`;
 * 4. otherwise the most severe firing condition decides: `page`, `ticket`,
 *    or `ok`.
 */
export function evaluateBurnRate(input: BurnRateInput): BurnRateEvaluation {
  const { objective } = input;
  const budgetRemaining =
    input.budgetRemaining === undefined || Number.isNaN(input.budgetRemaining)
      ? null
      : input.budgetRemaining;
  const empty = Object.fromEntries(
    burnWindows.map(burnWindow => [burnWindow, null]),
  ) as Record<BurnWindow, number | null>;
  if (objective === undefined || !(objective > 0 && objective < 1)) {
    return {
      status: 'unknown',
      burnRates: empty,
      firing: [],
      budgetRemaining,
      reason:
        objective === undefined
          ? 'no SLO objective found (slo:objective:ratio is missing)'
          : `SLO objective ${objective} is not between 0 and 1`,
    };
  }
  const budget = 1 - objective;
  const burnRates = { ...empty };
  const verdict = (
    status: SloStatus,
    reason: string,
    firing: BurnCondition[] = [],
  ): BurnRateEvaluation => ({
    status,
    burnRates,
    firing,
    budgetRemaining,
    reason,
  });
  for (const burnWindow of burnWindows) {
    const ratio = input.ratios[burnWindow];
    burnRates[burnWindow] =
      ratio === undefined || Number.isNaN(ratio) ? null : ratio / budget;
  }

  const present = burnWindows.filter(
    burnWindow => input.ratios[burnWindow] !== undefined,
  );
  if (present.length === 0) {
    return verdict(
      'unknown',
      'no error-ratio series found (slo:sli_error:ratio_rate* are missing)',
    );
  }
  if (present.every(burnWindow => Number.isNaN(input.ratios[burnWindow]))) {
    return verdict(
      'no-traffic',
      'no requests in any window: nothing is burning, nothing is proven',
    );
  }

  const evaluable = burnConditions.filter(
    condition =>
      input.ratios[condition.long] !== undefined &&
      input.ratios[condition.short] !== undefined,
  );
  if (evaluable.length === 0) {
    return verdict(
      'unknown',
      `windows needed by every alert are missing (have ${present.join(', ')})`,
    );
  }
  const firing = evaluable.filter(condition => {
    const long = burnRates[condition.long];
    const short = burnRates[condition.short];
    return (
      long !== null &&
      short !== null &&
      above(long, condition.factor) &&
      above(short, condition.factor)
    );
  });
  const worst =
    firing.find(condition => condition.severity === 'page') ?? firing[0];
  if (!worst) {
    const fastest = Math.max(
      ...burnWindows.map(burnWindow => burnRates[burnWindow] ?? 0),
    );
    // "1×" spends the budget exactly over the period: below it is fine.
    const within = `within budget · fastest burn ${fmt(fastest)}×`;
    // Quiet on what could be checked; say what could not (a Prometheus
    // that has not yet evaluated its hourly windows, one whose rules lack
    // some), rather than let "within budget" claim it. Every window is some
    // alert's, so a missing one is an alert not checked.
    const missing = burnWindows.filter(
      burnWindow => !present.includes(burnWindow),
    );
    if (!missing.length) return verdict('ok', within);
    return verdict(
      'ok',
      `${within} · not recorded: ${missing.join(
        ', ',
      )} (the alerts on them not checked)`,
    );
  }
  // Pages before tickets; within a severity, the higher factor first.
  const order = (condition: BurnCondition) =>
    condition.severity === 'page' ? 0 : 1;
  const sorted = [...firing].sort(
    (left, right) => order(left) - order(right) || right.factor - left.factor,
  );
  return verdict(
    worst.severity,
    `burning ${fmt(burnRates[worst.long]!)}x over ${worst.long} and ${fmt(
      burnRates[worst.short]!,
    )}x over ${worst.short} (threshold ${worst.factor}x)`,
    sorted,
  );
}

const rank: Record<SloStatus, number> = {
  page: 4,
  ticket: 3,
  unknown: 2,
  ok: 1,
  'no-traffic': 0,
};

/** The overall status of several clusters or SLOs: the worst one wins. */
export function worstStatus(statuses: SloStatus[]): SloStatus {
  return statuses.reduce<SloStatus>(
    (worst, status) => (rank[status] > rank[worst] ? status : worst),
    'no-traffic',
  );
}
