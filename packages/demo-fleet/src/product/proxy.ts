/**
 * Forwards an HTTP request to a process on loopback, as a gateway or a
 * Service would: the answer streams back; a process that does not answer is
 * a 502 with the reason, never a hang.
 */
import http from 'node:http';

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
      headers: req.headers,
      agent: false,
      timeout: 10_000,
    },
    answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
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
