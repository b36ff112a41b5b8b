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
  const samples = await querySloSeries({
    ...options,
    matcher: `sloth_service=${quote(options.slothService)}`,
  });
  return toReading(options.slothService, samples);
}

/**
 * Every service's Sloth series on a Prometheus in ONE instant query, by
 * `sloth_service`: the fleet reads a cluster's SLOs once for all products
 * (`sloReadingOf` picks a service's out of it).
 */
export async function readClusterSlos(options: {
  prometheusUrl: string;
  at?: Date;
  signal?: AbortSignal;
  fetchFn?: typeof fetch;
}): Promise<ClusterSloSeries> {
  const series: ClusterSloSeries = new Map();
  for (const sample of await querySloSeries(options)) {
    const service = sample.metric.sloth_service ?? '';
    if (!series.has(service)) series.set(service, []);
    series.get(service)!.push(sample);
  }
  return series;
}

/** A Prometheus's Sloth series, by service. */
export type ClusterSloSeries = Map<string, VectorSample[]>;

/** One service's reading out of a cluster's series. */
export function sloReadingOf(
  series: ClusterSloSeries,
  service: string,
): ServiceSloReading {
  return toReading(service, series.get(service) ?? []);
}

async function querySloSeries(options: {
  prometheusUrl: string;
  matcher?: string;
  at?: Date;
  signal?: AbortSignal;
  fetchFn?: typeof fetch;
}): Promise<VectorSample[]> {
  const names = [
    `slo:sli_error:ratio_rate(${burnWindows.join('|')})`,
    'slo:objective:ratio',
    'slo:period_error_budget_remaining:ratio',
  ].join('|');
  const query = `{${[`__name__=~${quote(names)}`, options.matcher]
    .filter(Boolean)
    .join(', ')}}`;
  const body = new URLSearchParams({ query });
  if (options.at) body.set('time', String(options.at.getTime() / 1000));
  const res = await (options.fetchFn ?? fetch)(
    `${options.prometheusUrl.replace(/\/$/, '')}/api/v1/query`,
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
  return payload.data.result as VectorSample[];
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
