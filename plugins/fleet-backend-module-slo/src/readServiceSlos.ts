import {
  burnWindows,
  BurnWindow,
  evaluateBurnRate,
  ServiceSloReading,
  SloReading,
  worstStatus,
} from '@internal/plugin-fleet-common';

// What the SLO column's cells hold (`SloCellData`), so they live with it.
export type { ServiceSloReading, SloReading };

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus answer that is an error, with its type (`bad_data`, …). */
export class PrometheusQueryError extends Error {}

const quote = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Reads every Sloth recording-rule series of a service in ONE instant query
 * (a name regex and the `sloth_service` matcher), never a raw 30-day range
 * query, and evaluates each SLO's multi-window burn rate.
 */
export async function readServiceSlos(options: {
  prometheusUrl: string;
  slothService: string;
  at?: Date;
  signal?: AbortSignal;
  fetchFn?: typeof fetch;
}): Promise<ServiceSloReading> {
  const { prometheusUrl, slothService } = options;
  const names = [
    `slo:sli_error:ratio_rate(${burnWindows.join('|')})`,
    'slo:objective:ratio',
    'slo:period_error_budget_remaining:ratio',
  ].join('|');
  const query = `{__name__=~${quote(names)}, sloth_service=${quote(
    slothService,
  )}}`;
  const body = new URLSearchParams({ query });
  if (options.at) body.set('time', String(options.at.getTime() / 1000));
  const res = await (options.fetchFn ?? fetch)(
    `${prometheusUrl.replace(/\/$/, '')}/api/v1/query`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: options.signal,
    },
  );
  const payload = await res.json().catch(() => undefined);
  if (!res.ok || payload?.status !== 'success') {
    const why = payload?.error ?? `HTTP ${res.status}`;
    throw new PrometheusQueryError(
      `Prometheus refused the SLO query (${
        payload?.errorType ?? res.status
      }): ${why}`,
    );
  }
  return toReading(slothService, payload.data.result as VectorSample[]);
}

/** Prometheus writes NaN and infinities as strings. */
function sampleValue(raw: string): number {
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

export function toReading(
  service: string,
  samples: VectorSample[],
): ServiceSloReading {
  const bySlo = new Map<string, VectorSample[]>();
  for (const sample of samples) {
    const slo = sample.metric.sloth_slo ?? '';
    if (!bySlo.has(slo)) bySlo.set(slo, []);
    bySlo.get(slo)!.push(sample);
  }
  if (bySlo.size === 0) {
    return {
      service,
      status: 'unknown',
      slos: [],
      reason: `no Sloth SLO series for sloth_service=${service}`,
    };
  }
  const slos: SloReading[] = [...bySlo.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([slo, series]) => {
      const value = (name: string) => {
        const found = series.find(sample => sample.metric.__name__ === name);
        return found ? sampleValue(found.value[1]) : undefined;
      };
      const ratios: Partial<Record<BurnWindow, number | undefined>> = {};
      for (const burnWindow of burnWindows)
        ratios[burnWindow] = value(`slo:sli_error:ratio_rate${burnWindow}`);
      const objective = value('slo:objective:ratio');
      return {
        slo,
        objective,
        evaluation: evaluateBurnRate({
          objective,
          ratios,
          budgetRemaining: value('slo:period_error_budget_remaining:ratio'),
        }),
      };
    });
  const status = worstStatus(slos.map(slo => slo.evaluation.status));
  const worst = slos.find(slo => slo.evaluation.status === status)!;
  return {
    service,
    status,
    slos,
    reason: `${worst.slo}: ${worst.evaluation.reason}`,
  };
}
