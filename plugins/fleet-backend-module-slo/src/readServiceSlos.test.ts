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

describe('readServiceSlos against the demo fleet', () => {
  let fleet: DemoFleet;
  beforeAll(async () => {
    fleet = await startDemoFleet({ basePort: 17400, seed: 'slo-test' });
  });
  afterAll(() => fleet.stop());

  it('is ok on a healthy cluster and pages on a burning one', async () => {
    const read = (cluster: string) =>
      readServiceSlos({
        prometheusUrl: fleet.urls(cluster).prometheus,
        slothService: 'storefront-api',
      });
    await fleet.scenarios.set('aws-use1-prod-01', { burning: true });
    expect((await read('aws-use1-prod-01')).status).toBe('page');
    expect((await read('gcp-euw1-prod-01')).status).toBe('ok');
  });

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
