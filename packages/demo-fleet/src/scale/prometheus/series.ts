import { DemoCluster, DemoService } from '../../fleet';
import { unit } from '../../random';
import { Scenario } from '../../scenario';
import { bucket } from '../../world';

/** One sample of one series: labels (with __name__) and a value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The windows Sloth records error ratios for. */
export const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/**
 * Error ratios a burning service shows per window: a spike that started about
 * 40 minutes ago, so the fast windows see it fully and the slow ones diluted.
 * With a 99.9% objective (budget 0.001) the 1h and 5m burn rates are 16x and
 * 30x: page level.
 */
const burningRatio: Record<(typeof windows)[number], number> = {
  '5m': 0.03,
  '30m': 0.02,
  '1h': 0.016,
  '2h': 0.009,
  '6h': 0.004,
  '1d': 0.0015,
  '3d': 0.0008,
};

/**
 * The Sloth recording-rule series one cluster's Prometheus holds at a moment
 * (`slo:*` per service), plus `up` for its scrape targets. Values are
 * deterministic for (seed, cluster, service, 10-minute bucket).
 */
export function seriesAt(
  seed: string,
  cluster: DemoCluster,
  services: DemoService[],
  scenario: Scenario,
  at: Date,
): Sample[] {
  const out: Sample[] = [];
  const timeBucket = bucket(at);
  for (const service of services) {
    const slo = 'requests-availability';
    const base = {
      sloth_service: service.name,
      sloth_slo: slo,
      sloth_id: `${service.name}-${slo}`,
    };
    const budget = 1 - service.objective;
    // Healthy: 5% to 25% of the budget's rate, moving a little per bucket.
    const healthy = (sliWindow: string) =>
      budget *
      (0.05 +
        0.2 * unit(seed, cluster.name, service.name, sliWindow, timeBucket));
    const ratio = (sliWindow: (typeof windows)[number]) =>
      scenario.burning ? burningRatio[sliWindow] : healthy(sliWindow);
    for (const sliWindow of windows) {
      // Sloth labels each window's series with its window, too.
      out.push({
        labels: {
          __name__: `slo:sli_error:ratio_rate${sliWindow}`,
          ...base,
          sloth_window: sliWindow,
        },
        value: ratio(sliWindow),
      });
    }
    const periodBurn = ratio('3d') / budget;
    out.push(
      {
        labels: { __name__: 'slo:objective:ratio', ...base },
        value: service.objective,
      },
      {
        labels: { __name__: 'slo:error_budget:ratio', ...base },
        value: budget,
      },
      { labels: { __name__: 'slo:time_period:days', ...base }, value: 30 },
      {
        labels: { __name__: 'slo:current_burn_rate:ratio', ...base },
        value: ratio('5m') / budget,
      },
      {
        labels: { __name__: 'slo:period_burn_rate:ratio', ...base },
        value: periodBurn,
      },
      {
        labels: {
          __name__: 'slo:period_error_budget_remaining:ratio',
          ...base,
        },
        value: 1 - periodBurn,
      },
      {
        labels: {
          __name__: 'up',
          job: service.name,
          namespace: service.namespace,
          instance: `${service.name}.${service.namespace}.svc:8080`,
        },
        value: scenario.degraded ? 0 : 1,
      },
    );
  }
  out.push({
    labels: {
      __name__: 'up',
      job: 'kube-state-metrics',
      namespace: 'kube-system',
      instance: 'kube-state-metrics.kube-system.svc:8080',
    },
    value: 1,
  });
  return out;
}
