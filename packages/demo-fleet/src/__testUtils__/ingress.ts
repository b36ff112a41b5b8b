import http from 'node:http';

/**
 * GET on a cluster's ingress with an entry point's Host header, as a
 * browser that DNS sent there would ask: the status and the body.
 */
export function getThroughIngress(options: {
  address: string;
  port: number;
  host: string;
  path?: string;
}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get(
        {
          host: options.address,
          port: options.port,
          path: options.path ?? '/',
          headers: { host: options.host },
          agent: false,
        },
        res => {
          let body = '';
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      )
      .on('error', reject);
  });
}
