import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApp, type App } from './server.ts';

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

test('serves its ${{ values.kindTitle }}', async () => {
{%- if values.kind == 'web' %}
  const res = await fetch(`${base}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<h1>/);
{%- else %}
  const res = await fetch(`${base}/api/status`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { service: ${{ values.service | dump }}, status: 'ok' });
{%- endif %}
});

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
