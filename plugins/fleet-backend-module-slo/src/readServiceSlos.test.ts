import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import {
  readServiceSlos,
  toReading,
  PrometheusQueryError,
} from './readServiceSlos';

const sample = (name: string, slo: string, value: string, window?: string) => ({
  metric: {
    __name__: name,
    sloth_service: 'svc',
    sloth_slo: slo,
    ...(window && { sloth_window: window }),
  },
  value: [0, value] as [number, string],
});
const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

describe('toReading', () => {
  it('reads NaN ratios as no traffic', () => {
    const reading = toReading('svc', [
      sample('slo:objective:ratio', 'availability', '0.999'),
      ...windows.map(w =>
        sample(`slo:sli_error:ratio_rate${w}`, 'availability', 'NaN', w),
      ),
    ]);
    expect(reading.status).toBe('no-traffic');
  });

  it('reports the worst of several SLOs, naming it', () => {
    const reading = toReading('svc', [
      sample('slo:objective:ratio', 'availability', '0.999'),
      sample('slo:objective:ratio', 'latency', '0.99'),
      ...windows.map(w =>
        sample(`slo:sli_error:ratio_rate${w}`, 'availability', '0.0001', w),
      ),
      ...windows.map(w =>
        sample(`slo:sli_error:ratio_rate${w}`, 'latency', '0.5', w),
      ),
    ]);
    expect(reading.slos.map(s => [s.slo, s.evaluation.status])).toEqual([
      ['availability', 'ok'],
      ['latency', 'page'],
    ]);
    expect(reading.status).toBe('page');
    expect(reading.reason).toMatch(/^latency: burning 50x over 1h/);
  });

  it('says unknown when the objective series is missing', () => {
    const reading = toReading(
      'svc',
      windows.map(w => sample(`slo:sli_error:ratio_rate${w}`, 'a', '0.1', w)),
    );
    expect(reading.status).toBe('unknown');
    expect(reading.reason).toMatch(/slo:objective:ratio is missing/);
  });
});

/*
 * Against a real Prometheus (Debian's, as the demo fleet runs it): the
 * tenant's Sloth rules evaluated over three days of backfilled history and
 * live scrapes of the running storefront. The portal's query and reading
 * meet real PromQL and the real rule set here, not a stand-in's answers.
 */
describe('readServiceSlos against a real Prometheus', () => {
  let fleet: DemoFleet;
  beforeAll(async () => {
    fleet = await startDemoFleet({
      basePort: 17400,
      seed: 'slo-test',
    });
  }, 120_000);
  afterAll(() => fleet.stop());

  it("is ok on a healthy cluster, with the history's incident in the 3d window only", async () => {
    const read = () =>
      readServiceSlos({
        prometheusUrl: fleet.urls('gcp-euw1-prod-01').prometheus,
        slothService: 'storefront-web',
      });
    // Every rule group has evaluated once within an interval or two of the
    // start (the budget's group may come after the windows').
    const complete = (candidate: Awaited<ReturnType<typeof read>>) =>
      candidate.status !== 'unknown' &&
      candidate.slos[0]?.evaluation.budgetRemaining !== null &&
      candidate.slos[0]?.evaluation.burnRates['3d'] !== null;
    const deadline = Date.now() + 60_000;
    let reading = await read();
    while (!complete(reading) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      reading = await read();
    }
    expect(reading.status).toBe('ok');
    const [availability] = reading.slos;
    expect(availability.slo).toBe('requests-availability');
    expect(availability.objective).toBeCloseTo(0.999, 6);
    const { burnRates, budgetRemaining } = availability.evaluation;
    // One failure in 2,000 against a budget of one in 1,000: 0.5x a day;
    // the 3d window also holds 40 minutes of 5 % errors 30 hours ago.
    expect(burnRates['1d']).toBeCloseTo(0.5, 1);
    expect(burnRates['3d']).toBeGreaterThan(0.8);
    expect(burnRates['3d']).toBeLessThan(1.1);
    expect(budgetRemaining).toBeGreaterThan(0);
    expect(budgetRemaining).toBeLessThan(1);
  }, 90_000);

  it('turns a Prometheus error into a PrometheusQueryError with its reason', async () => {
    const failing: typeof fetch = async () =>
      new Response(
        JSON.stringify({
          status: 'error',
          errorType: 'timeout',
          error: 'query timed out',
        }),
        {
          status: 503,
        },
      );
    await expect(
      readServiceSlos({
        prometheusUrl: 'http://prometheus.invalid',
        slothService: 'x',
        fetchFn: failing,
      }),
    ).rejects.toThrow(
      new PrometheusQueryError(
        'Prometheus refused the SLO query (timeout): query timed out',
      ),
    );
  });

  it('fails fast when the cluster is down', async () => {
    await fleet.scenarios.set('azure-eastus-prod-01', { down: true });
    await expect(
      readServiceSlos({
        prometheusUrl: fleet.urls('azure-eastus-prod-01').prometheus,
        slothService: 'storefront-api',
      }),
    ).rejects.toThrow();
  });
});
