// ${{ values.service }}: the HTTP server. /healthz says the process is alive,
// /readyz whether it should get traffic (not while starting or draining),
// /metrics serves Prometheus metrics; everything else is the ${{ values.kindTitle }}
{%- if values.kind == 'web' %}
// (the product page, with the products the API lists and which cluster
// answered).
{%- else %}
// (/api/products: the products, and which cluster answered).
{%- endif %}
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RequestMetrics } from './metrics.ts';
import { withRequestSpan } from './tracing.ts';

export const SERVICE = ${{ values.service | dump }};

type Handler = (req: IncomingMessage) => Promise<{ status: number; type: string; body: string }>;

/**
 * Which cluster answered: CLUSTER_NAME when the platform sets it, else the
 * cloud from the OpenTelemetry resource attributes each cloud's overlay
 * sets (deploy/overlays/<cloud>).
 */
export function clusterName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLUSTER_NAME) return env.CLUSTER_NAME;
  const cloud = /(?:^|,)cloud\.provider=([^,]+)/.exec(env.OTEL_RESOURCE_ATTRIBUTES ?? '')?.[1];
  return cloud ?? 'unknown';
}
{%- if values.kind == 'web' %}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

interface ProductList {
  cluster: string;
  products: Array<{ id: string; name: string; price: number }>;
}

/**
 * The products from the API (API_URL, the API's Service in the cluster),
 * rendered on the server so the page works without JavaScript; why not,
 * when the API does not answer (the page still answers, with the reason).
 */
async function productsFromApi(): Promise<ProductList | { error: string }> {
  const api = process.env.API_URL;
  if (!api) return { error: 'no API_URL: this service has no API to ask' };
  try {
    const res = await fetch(`${api.replace(/\/$/, '')}/api/products`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return { error: `the API answered ${res.status}` };
    return (await res.json()) as ProductList;
  } catch (error) {
    return { error: `the API did not answer: ${(error as Error).message}` };
  }
}

function page(list: ProductList | { error: string }) {
  const title = ${{ values.title | dump }};
  const items =
    'error' in list
      ? `<p role="alert">Products unavailable: ${escapeHtml(list.error)}</p>`
      : `<ul id="products">${list.products
          .map(p => `<li>${escapeHtml(p.name)} · ${p.price.toFixed(2)}</li>`)
          .join('')}</ul><p>Products from the API on <strong id="api-cluster">${escapeHtml(list.cluster)}</strong></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${items}<p>Page served by <strong id="web-cluster">${escapeHtml(clusterName())}</strong></p></body></html>`;
}
{%- else %}

/** The product catalogue this API serves (the template's sample data). */
export const PRODUCTS = [
  { id: 'p-100', name: 'Espresso cup', price: 12.5 },
  { id: 'p-200', name: 'Pour-over kettle', price: 48 },
  { id: 'p-300', name: 'Grinder', price: 129 },
];
{%- endif %}

const routes: Record<string, Handler> = {
{%- if values.kind == 'web' %}
  '/': async () => {
    const list = await productsFromApi();
    return {
      // A page without its products is still a page, but not a good one:
      // the SLO counts it as an error.
      status: 'error' in list ? 503 : 200,
      type: 'text/html; charset=utf-8',
      body: page(list),
    };
  },
{%- else %}
  '/api/status': async () => ({
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ service: SERVICE, status: 'ok', cluster: clusterName() }),
  }),
  '/api/products': async () => ({
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ service: SERVICE, cluster: clusterName(), products: PRODUCTS }),
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
