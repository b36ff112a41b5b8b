/**
 * Forwards an HTTP request to a process on loopback, as a gateway or a
 * Service would: the answer streams back; a process that does not answer is
 * a 502 with the reason, never a hang.
 */
import http from 'node:http';

/**
 * Upstream connections are kept and reused, as a gateway keeps its
 * connections to the pods behind it: a new TCP connection for each of the
 * customers' page loads (and each web → API call behind it) cost CPU on
 * both sides of every hop. A connection to a process that died closes with
 * it; the next request opens a new one. An idle connection is closed after
 * 4 s, before the service's own 5 s keep-alive timeout closes it under a
 * request (a reset there would be a failed page the SLO counts).
 */
const upstreams = new http.Agent({
  keepAlive: true,
  maxFreeSockets: 4,
  timeout: 4000,
});

/** Headers of one connection, not of the request: a proxy does not pass them on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const endToEnd = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)),
  );

export function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  port: number,
  path = req.url ?? '/',
) {
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port,
      path,
      method: req.method,
      headers: endToEnd(req.headers),
      agent: upstreams,
      timeout: 10_000,
    },
    answer => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
  upstream.on('error', error => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`upstream on port ${port} did not answer: ${error.message}\n`);
  });
  req.pipe(upstream);
}
