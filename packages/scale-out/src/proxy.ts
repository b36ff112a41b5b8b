import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface Target {
  host: string;
  port: number;
}

/**
 * What a proxy does to each request instead of passing it on:
 * - `down`: nothing listens (connections are refused), as a dead API server;
 * - `status`: answers every request with that status (Argo CD's 500s);
 * - `delayMs`: passes it on after a delay (a slow Prometheus);
 * - `hang`: accepts and never answers (a DNS provider that times out);
 *   with `forward`, the request does reach the target and only the answer
 *   is lost (a provider that took the change and timed out anyway).
 * `methods` limits a fault to those HTTP methods (a provider whose writes
 * hang while reads answer); `down` is all or nothing.
 */
export type Fault = { methods?: string[] } & (
  | { down: true }
  | { status: number }
  | { delayMs: number }
  | { hang: true; forward?: boolean }
);

export interface Proxy {
  url: string;
  port: number;
  /** Requests answered per target index (passed on and answered). */
  served: number[];
  /** Requests received, by HTTP method, whatever became of them. */
  received: Record<string, number>;
  /** Takes effect for the next request; undefined mends it. */
  setFault(fault?: Fault): Promise<void>;
  /** Leaves a target out of the rotation (as a load balancer's health check would). */
  setEnabled(index: number, enabled: boolean): void;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** Sends a request on to `target` and drops its answer. */
function deliver(target: Target, req: http.IncomingMessage, body: Buffer) {
  const upstream = http.request(
    {
      host: target.host,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: {
        ...passed(req.headers),
        'content-length': String(body.length),
      },
    },
    answer => answer.resume(),
  );
  upstream.on('error', () => undefined);
  upstream.end(body);
}

/** Headers without the hop-by-hop ones, which belong to one connection. */
function passed(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)),
  ) as http.OutgoingHttpHeaders;
}

/**
 * A read may be sent again to another target when its connection broke
 * before an answer began (a kept-alive socket to a replica that just died):
 * it changes nothing. A POST is not: its client retries with its
 * idempotency key.
 */
function idempotent(req: http.IncomingMessage) {
  return req.method === 'GET' || req.method === 'HEAD';
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The connection failed while being made (refused, or reset by a port
 * that is closing): no byte of the request was sent, so it is safe to try
 * elsewhere.
 */
function neverReached(error: NodeJS.ErrnoException) {
  return error.code === 'ECONNREFUSED' || error.syscall === 'connect';
}

/**
 * A small HTTP reverse proxy on a loopback port: round-robin over its
 * targets, the next target when one refuses the connection (nothing was
 * sent, so even a POST is safe to send elsewhere) or when a read's
 * connection breaks before its answer begins, 502 when a target dies
 * mid-request otherwise (the client decides whether to retry, with its
 * idempotency key); a target that refused sits out a second. With one
 * target and a fault, it is the broken upstream of a fault script. Bodies
 * are buffered: the portal's requests and answers are small.
 */
export async function startProxy(
  targets: Target[],
  options: { port?: number } = {},
): Promise<Proxy> {
  let fault: Fault | undefined;
  let next = 0;
  const enabled = targets.map(() => true);
  const served = targets.map(() => 0);
  const received: Record<string, number> = {};
  const downUntil = targets.map(() => 0);
  const sockets = new Set<import('node:net').Socket>();

  const forward = (
    index: number,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
  ) =>
    new Promise<void>((resolve, reject) => {
      const { host, port } = targets[index];
      const upstream = http.request(
        {
          host,
          port,
          method: req.method,
          path: req.url,
          headers: {
            ...passed(req.headers),
            'content-length': String(body.length),
          },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, passed(answer.headers));
          answer.pipe(res);
          answer.on('end', () => {
            served[index] += 1;
            resolve();
          });
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const body = await readBody(req);
    received[req.method ?? ''] = (received[req.method ?? ''] ?? 0) + 1;
    const now =
      fault && (!fault.methods || fault.methods.includes(req.method ?? ''))
        ? fault
        : undefined;
    if (now && 'hang' in now) {
      // The client's own timeout ends it.
      if (now.forward) deliver(targets[0], req, body);
      return;
    }
    if (now && 'status' in now) {
      res.writeHead(now.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'injected fault', code: now.status }));
      return;
    }
    if (now && 'delayMs' in now) {
      await new Promise(resolve => setTimeout(resolve, now.delayMs));
    }
    // Each request walks the targets from its own start, so concurrent
    // requests that meet a dead target do not all retry the same one.
    const start = next;
    next = (next + 1) % targets.length;
    for (let tried = 0; tried < targets.length; tried++) {
      const index = (start + tried) % targets.length;
      if (!enabled[index]) continue;
      // A target that just refused a connection sits out a second, as a
      // load balancer's passive health check would have it (the last
      // target is tried anyway).
      if (downUntil[index] > Date.now() && tried < targets.length - 1) continue;
      try {
        await forward(index, req, body, res);
        return;
      } catch (failure) {
        const error = failure as NodeJS.ErrnoException;
        if (!res.headersSent && (neverReached(error) || idempotent(req))) {
          downUntil[index] = Date.now() + 1000;
          continue;
        }
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: `upstream ${index}: ${error.message}` }),
          );
        } else {
          res.destroy();
        }
        return;
      }
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'no upstream answered' }));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>(resolve => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    served,
    received,
    async setFault(change) {
      const wasDown = !!fault && 'down' in fault;
      const goesDown = !!change && 'down' in change;
      fault = change;
      if (goesDown && !wasDown) await close();
      if (!goesDown && wasDown) await listen(port);
      // Connections kept alive under the old fault would not see the new one.
      if (!goesDown) for (const socket of sockets) socket.destroy();
    },
    setEnabled(index, on) {
      enabled[index] = on;
    },
    stop: close,
  };
}
