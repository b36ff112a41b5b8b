import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createServer } from 'node:http';
import { clusterName, createApp, type App } from './server.ts';

let app: App;
let base: string;

before(async () => {
  app = createApp();
  await new Promise<void>(resolve => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

after(async () => {
  if (app.server.listening) await app.shutdown(100);
});

test('is alive and ready once listening', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
});

{%- if values.kind == 'web' %}
test('serves the product page with the products the API lists and which cluster answered', async () => {
  // The API, as the page sees it: its products and its cluster.
  const api = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cluster: 'gcp-test-01', products: [{ id: 'p-1', name: 'Cup <small>', price: 12.5 }] }));
  });
  await new Promise<void>(resolve => api.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  process.env.CLUSTER_NAME = 'aws-test-01';
  try {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<li>Cup &#60;small&#62; · 12\.50<\/li>/);
    assert.match(html, /<strong id="api-cluster">gcp-test-01<\/strong>/);
    assert.match(html, /<strong id="web-cluster">aws-test-01<\/strong>/);
  } finally {
    api.close();
  }
  // The API gone: the page says so, and counts as an error.
  const down = await fetch(`${base}/`);
  assert.equal(down.status, 503);
  assert.match(await down.text(), /Products unavailable: the API did not answer/);
  delete process.env.API_URL;
  delete process.env.CLUSTER_NAME;
});
{%- else %}
test('lists its products and says which cluster answered', async () => {
  process.env.CLUSTER_NAME = 'aws-test-01';
  const res = await fetch(`${base}/api/products`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.cluster, 'aws-test-01');
  assert.equal(body.service, ${{ values.service | dump }});
  assert.ok(body.products.length > 0);
  const status = await fetch(`${base}/api/status`);
  assert.deepEqual(await status.json(), { service: ${{ values.service | dump }}, status: 'ok', cluster: 'aws-test-01' });
  delete process.env.CLUSTER_NAME;
});

test('names the cloud from its OpenTelemetry attributes when no cluster is set', () => {
  assert.equal(clusterName({ OTEL_RESOURCE_ATTRIBUTES: 'service.version=1,cloud.provider=gcp' }), 'gcp');
  assert.equal(clusterName({}), 'unknown');
});
{%- endif %}

test('counts requests in the histogram the SLOs read', async () => {
  await fetch(`${base}/nope`);
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /http_server_request_duration_seconds_count\{service_name="${{ values.service }}",http_route="unknown",http_request_method="GET",http_response_status_code="404"\} 1/);
  assert.match(text, /le="\+Inf"/);
});

test('stops listening when shutting down', async () => {
  const closing = app.shutdown(1000);
  assert.equal(app.server.listening, false);
  await closing;
});
