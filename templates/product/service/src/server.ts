// ${{ values.service }}: the HTTP server. /healthz says the process is alive,
// /readyz whether it should get traffic (not while starting or draining),
// /metrics serves Prometheus metrics; everything else is the ${{ values.kindTitle }}.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RequestMetrics } from './metrics.ts';
import { withRequestSpan } from './tracing.ts';

export const SERVICE = ${{ values.service | dump }};

type Handler = (req: IncomingMessage) => Promise<{ status: number; type: string; body: string }>;

const routes: Record<string, Handler> = {
{%- if values.kind == 'web' %}
  '/': async () => ({
    status: 200,
    type: 'text/html; charset=utf-8',
    body: ${{ ('<!doctype html><title>' ~ (values.title | escape) ~ '</title><h1>' ~ (values.title | escape) ~ '</h1>') | dump }},
  }),
{%- else %}
  '/api/status': async () => ({
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ service: SERVICE, status: 'ok' }),
  }),
{%- endif %}
};

export interface App {
  server: Server;
  /** Stops taking new work, finishes what is in flight, then closes. */
  shutdown(graceMs?: number): Promise<void>;
}

export function createApp(): App {
  const metrics = new RequestMetrics(SERVICE);
  let ready = false;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    let status = 200;
    let type = 'text/plain; charset=utf-8';
    let body = 'ok\n';
    if (url.pathname === '/healthz') {
      body = 'ok\n';
    } else if (url.pathname === '/readyz') {
      status = ready ? 200 : 503;
      body = ready ? 'ready\n' : 'not ready\n';
    } else if (url.pathname === '/metrics') {
      type = 'text/plain; version=0.0.4';
      body = metrics.render();
    } else {
      const handler = routes[url.pathname];
      const route = handler ? url.pathname : 'unknown';
      const result = handler
        ? await withRequestSpan(req, route, () => handler(req)).catch(() => ({
            status: 500,
            type: 'text/plain',
            body: 'internal error\n',
          }))
        : { status: 404, type: 'text/plain', body: 'not found\n' };
      ({ status, type, body } = result);
      metrics.observe(route, req.method ?? 'GET', status, Number(process.hrtime.bigint() - started) / 1e9);
    }
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  server.on('listening', () => {
    ready = true;
  });
  return {
    server,
    shutdown(graceMs = 5000) {
      ready = false;
      return new Promise(resolve => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
