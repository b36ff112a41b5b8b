/*
 * One contract, two servers: the scale fleet's Prometheus API (the
 * synthetic series it serves for hundreds of products on dozens of
 * clusters, where a real Prometheus per cluster cannot run on one machine)
 * and a real Prometheus (Debian package) backfilled with exactly those
 * series. The same queries must give the same answers, byte for byte, and
 * the same error shapes. The demo fleet itself runs real Prometheus.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import {
  startPrometheus,
  toOpenMetrics,
  RealPrometheus,
} from '@internal/test-services';
import { services, withBasePort } from '../../fleet';
import { healthy, Scenario } from '../../scenario';
import { prometheusRouter } from './router';
import { seriesAt } from './series';

jest.setTimeout(60_000);

const seed = 'contract';
// A whole minute, a few minutes ago: inside the backfilled range and the retention.
const T = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
const clusterName = 'gcp-euw1-prod-01';
const scenario: Scenario = { ...healthy, burning: true };
const cluster = withBasePort(17200).find(c => c.name === clusterName)!;

let standIn: http.Server;
let real: RealPrometheus;
const targets: Record<string, () => string> = {
  'scale fleet': () =>
    `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
  'real Prometheus': () => real.url,
};

beforeAll(async () => {
  const app = express();
  app.use(
    prometheusRouter(
      at => seriesAt(seed, cluster, services, scenario, at),
      () => T,
    ),
  );
  standIn = await new Promise<http.Server>(resolve => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  const samples = [];
  for (let t = T.getTime() - 60 * 60_000; t <= T.getTime(); t += 30_000) {
    for (const s of seriesAt(seed, cluster, services, scenario, new Date(t))) {
      samples.push({ ...s, timestampSeconds: t / 1000 });
    }
  }
  real = await startPrometheus({ openMetrics: toOpenMetrics(samples) });
});

afterAll(async () => {
  await new Promise(resolve => standIn?.close(resolve));
  await real?.stop();
});

async function get(base: string, path: string, params: Record<string, string>) {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.json() };
}

const expectedAt = (name: string, service: string, at: Date) =>
  seriesAt(seed, cluster, services, scenario, at).find(
    s => s.labels.__name__ === name && s.labels.sloth_service === service,
  )!.value;

const byLabels = (a: any, b: any) =>
  JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric));

describe.each(Object.keys(targets))('Prometheus API contract: %s', target => {
  const base = () => targets[target]();
  const time = String(T.getTime() / 1000);

  it('answers an instant selector over a Sloth series with its labels and value', async () => {
    const { status, body } = await get(base(), '/api/v1/query', {
      query: 'slo:sli_error:ratio_rate5m{sloth_service="storefront-api"}',
      time,
    });
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result).toHaveLength(1);
    expect(body.data.result[0].metric).toEqual({
      __name__: 'slo:sli_error:ratio_rate5m',
      sloth_service: 'storefront-api',
      sloth_slo: 'requests-availability',
      sloth_id: 'storefront-api-requests-availability',
      sloth_window: '5m',
    });
    expect(body.data.result[0].value[0]).toBe(T.getTime() / 1000);
    expect(Number(body.data.result[0].value[1])).toBe(
      expectedAt('slo:sli_error:ratio_rate5m', 'storefront-api', T),
    );
  });

  it('applies regex and negative matchers', async () => {
    const regex = await get(base(), '/api/v1/query', {
      query: 'slo:objective:ratio{sloth_service=~"storefront-.*"}',
      time,
    });
    expect(
      regex.body.data.result.map((r: any) => r.metric.sloth_service).sort(),
    ).toEqual(['storefront-api', 'storefront-web']);
    const negative = await get(base(), '/api/v1/query', {
      query: 'up{job!="kube-state-metrics"}',
      time,
    });
    expect(negative.body.data.result).toHaveLength(services.length);
  });

  it('answers an empty vector for a selector that matches nothing', async () => {
    const { status, body } = await get(base(), '/api/v1/query', {
      query: 'slo:objective:ratio{sloth_service="no-such-service"}',
      time,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [] },
    });
  });

  it('answers a range query with one point per step', async () => {
    const start = new Date(T.getTime() - 20 * 60_000);
    const { body } = await get(base(), '/api/v1/query_range', {
      query: 'slo:sli_error:ratio_rate1h{sloth_service="storefront-web"}',
      start: String(start.getTime() / 1000),
      end: time,
      step: '60',
    });
    expect(body.data.resultType).toBe('matrix');
    const [series] = body.data.result;
    expect(series.values).toHaveLength(21);
    for (const [t, v] of series.values) {
      expect(Number(v)).toBe(
        expectedAt(
          'slo:sli_error:ratio_rate1h',
          'storefront-web',
          new Date(t * 1000),
        ),
      );
    }
  });

  it('takes the query as a POSTed form too', async () => {
    const res = await fetch(`${base()}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'slo:time_period:days', time }),
    });
    const body = await res.json();
    expect(body.data.result.map((r: any) => r.value[1])).toEqual(['30', '30']);
  });

  it.each([
    ['a broken selector', { query: 'up{job=' }],
    ['an unparsable time', { query: 'up', time: 'yesterday' }],
  ])('refuses %s with 400 bad_data', async (_title, params) => {
    const { status, body } = await get(base(), '/api/v1/query', params);
    expect(status).toBe(400);
    expect(body.status).toBe('error');
    expect(body.errorType).toBe('bad_data');
    expect(typeof body.error).toBe('string');
  });

  it('refuses a range query with a zero step with 400 bad_data', async () => {
    const { status, body } = await get(base(), '/api/v1/query_range', {
      query: 'up',
      start: time,
      end: time,
      step: '0',
    });
    expect(status).toBe(400);
    expect(body.errorType).toBe('bad_data');
  });
});

describe('the scale fleet and a real Prometheus agree', () => {
  it('give the same data for every Sloth series at the same moment', async () => {
    const names = [
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:objective:ratio',
      'slo:period_error_budget_remaining:ratio',
    ];
    for (const name of names) {
      const params = { query: name, time: String(T.getTime() / 1000) };
      const demo = await get(targets['scale fleet'](), '/api/v1/query', params);
      const prom = await get(real.url, '/api/v1/query', params);
      expect(demo.body.data.result.sort(byLabels)).toEqual(
        prom.body.data.result.sort(byLabels),
      );
    }
  });

  it('the scale fleet refuses what it cannot evaluate, where Prometheus would compute it', async () => {
    const params = { query: 'sum(up)', time: String(T.getTime() / 1000) };
    const prom = await get(real.url, '/api/v1/query', params);
    expect(prom.body.status).toBe('success');
    const demo = await get(targets['scale fleet'](), '/api/v1/query', params);
    expect(demo.status).toBe(400);
    expect(demo.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });
});

describe('the scale fleet', () => {
  it.each([
    ['an aggregation', 'sum(up)'],
    ['a function', 'rate(http_requests_total[5m])'],
    ['a broken selector', 'up{job='],
    ['an empty query', ''],
  ])('refuses %s with bad_data', async (_title, query) => {
    const { status, body } = await get(
      targets['scale fleet'](),
      '/api/v1/query',
      { query },
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });
});
