/*
 * The SLO reader against a real Prometheus (Debian package): three days of
 * request counters with a known error ratio, Sloth's recording rules
 * evaluated over them with promtool, and burn rates and status compared with
 * values computed by hand.
 */
import {
  RealPrometheus,
  slothRules,
  startPrometheus,
  toOpenMetrics,
} from '@internal/test-services';
import { readServiceSlos } from './readServiceSlos';

jest.setTimeout(120_000);

// The last sample, on a whole minute a little in the past.
const T = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const MINUTE = 60_000;
// 1,200 requests a minute; 0.05% fail, except 2.5% over the last 50 minutes.
const perMinute = 1200;
const baseline = 0.0005;
const burning = 0.025;
const burnMinutes = 50;

let prometheus: RealPrometheus;

beforeAll(async () => {
  const samples = [];
  let total = 0;
  let errors = 0;
  const minutes = 3 * 24 * 60 + 5;
  for (let i = minutes; i >= 0; i--) {
    const t = T - i * MINUTE;
    if (i < minutes) {
      // This sample closes the minute (t - 1m, t].
      total += perMinute;
      errors += perMinute * (i < burnMinutes ? burning : baseline);
    }
    const labels = { job: 'storefront-api', namespace: 'storefront' };
    samples.push(
      {
        labels: { __name__: 'http_requests_total', ...labels, code: '200' },
        value: total - errors,
        timestampSeconds: t / 1000,
      },
      {
        labels: { __name__: 'http_requests_total', ...labels, code: '500' },
        value: errors,
        timestampSeconds: t / 1000,
      },
    );
  }
  prometheus = await startPrometheus({ openMetrics: toOpenMetrics(samples) });
  const stages = slothRules({
    service: 'storefront-api',
    slo: 'requests-availability',
    objective: 99.9,
    errorQuery:
      'sum(rate(http_requests_total{job="storefront-api",code=~"5.."}[{{.window}}]))',
    totalQuery:
      'sum(rate(http_requests_total{job="storefront-api"}[{{.window}}]))',
  });
  for (const stage of stages) {
    await prometheus.backfillRules(stage, {
      start: new Date(T - 15 * MINUTE),
      // promtool stops one step short of --end; T itself must be evaluated.
      end: new Date(T + 2 * MINUTE),
    });
  }
});

afterAll(() => prometheus?.stop());

/*
 * By hand. Prometheus evaluates a rule group at a fixed offset inside each
 * interval (hashed from the group's name), so the newest recorded value at T
 * was computed between T-60s and T, and saw the counters up to T-1m. A window
 * of w minutes then holds the samples T-w..T-1m: w-1 one-minute increments,
 * the newest 49 of them at the burning ratio.
 */
function handRatio(minutes: number) {
  const increments = minutes - 1;
  const hot = Math.min(increments, burnMinutes - 1);
  const errors =
    hot * perMinute * burning + (increments - hot) * perMinute * baseline;
  return errors / (increments * perMinute);
}

const budget = 0.001;
const byHand: Record<string, number> = {
  '5m': handRatio(5) / budget, // 25
  '30m': handRatio(30) / budget, // 25
  '1h': handRatio(60) / budget, // (49×30 + 10×0.6) / (59×1200) / 0.001 = 20.85
  '2h': handRatio(120) / budget, // 10.59
  '6h': handRatio(360) / budget, // 3.84
  '1d': handRatio(1440) / budget, // 1.33
  '3d': handRatio(4320) / budget, // 0.78
};

describe('readServiceSlos against a real Prometheus with Sloth rules', () => {
  it('gives the burn rates computed by hand for every window, and pages', async () => {
    const reading = await readServiceSlos({
      prometheusUrl: prometheus.url,
      slothService: 'storefront-api',
      at: new Date(T),
    });
    expect(reading.slos.map(s => s.slo)).toEqual(['requests-availability']);
    const [slo] = reading.slos;
    expect(slo.objective).toBeCloseTo(0.999, 12);
    for (const [window, expected] of Object.entries(byHand)) {
      const got =
        slo.evaluation.burnRates[window as keyof typeof byHand & '5m']!;
      expect({
        window,
        ratio: Math.abs(got - expected) / expected < 1e-6,
      }).toEqual({
        window,
        ratio: true,
      });
    }
    // 1h at 20.8x and 5m at 25x are both above 14.4x; nothing slower fires.
    expect(reading.status).toBe('page');
    expect(
      slo.evaluation.firing.map(c => `${c.severity}:${c.long}/${c.short}`),
    ).toEqual(['page:1h/5m']);
    expect(reading.reason).toMatch(/burning 20\.8x over 1h and 25x over 5m/);
  });

  it('reads the remaining error budget Sloth records for the period', async () => {
    const reading = await readServiceSlos({
      prometheusUrl: prometheus.url,
      slothService: 'storefront-api',
      at: new Date(T),
    });
    // Recorded over the 15 evaluated minutes only: the mean 5m ratio there
    // is 2.5%, 25x the budget, so the period budget is overspent 24 times.
    expect(reading.slos[0].evaluation.budgetRemaining).toBeCloseTo(1 - 25, 6);
  });

  it('says unknown, with the reason, for a service without SLO series', async () => {
    const reading = await readServiceSlos({
      prometheusUrl: prometheus.url,
      slothService: 'checkout',
      at: new Date(T),
    });
    expect(reading).toEqual({
      service: 'checkout',
      status: 'unknown',
      slos: [],
      reason: 'no Sloth SLO series for sloth_service=checkout',
    });
  });
});
