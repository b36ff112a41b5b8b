import http from 'node:http';

/**
 * The health check PowerDNS runs (`ifurlup`): an HTTP GET of the entry
 * point's URL sent to one target address, with the entry point as Host. The
 * portal runs the same request to show what PowerDNS sees; PowerDNS's own
 * results are not exposed by its API.
 */
export function probeTarget(options: {
  address: string;
  host: string;
  port: number;
  path: string;
  timeoutMs: number;
}): Promise<{ status: 'healthy' | 'unhealthy'; detail: string }> {
  return new Promise(resolve => {
    const req = http.get(
      {
        host: options.address,
        port: options.port,
        path: options.path,
        headers: { Host: options.host },
        timeout: options.timeoutMs,
      },
      res => {
        res.resume();
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400;
        resolve({
          status: ok ? 'healthy' : 'unhealthy',
          detail: `GET ${options.path} on ${options.address}:${options.port} answered ${res.statusCode}`,
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({
        status: 'unhealthy',
        detail: `GET ${options.path} on ${options.address}:${options.port} timed out after ${options.timeoutMs} ms`,
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        status: 'unhealthy',
        detail: `GET ${options.path} on ${options.address}:${
          options.port
        } failed: ${error.code ?? error.message}`,
      });
    });
  });
}
