/**
 * For backend tests: the core Kubernetes plugin's proxy contract
 * (`/api/kubernetes/proxy/*` with `Backstage-Kubernetes-Cluster`), served
 * from the demo fleet — the plugin itself needs a cluster locator the tests
 * do not run. A cluster that refuses connections gets the answer the real
 * proxy gives (seen on the running portal): a 500 naming the refusal.
 *
 * Answers stream through as they come (a watch's events as the API server
 * writes them), and a cluster that dies mid-answer leaves the caller's side
 * open and silent, as http-proxy, under the real plugin, does (ADR 0020):
 * the fleet must not take a silent watch for a live one.
 */
import { Readable } from 'node:stream';
import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { DemoFleet } from '../server';

export function kubernetesProxyStandIn(
  fleet: () =>
    | Pick<DemoFleet, 'urls'>
    | { urls(cluster: string): { kubernetes: string } },
) {
  return createBackendPlugin({
    pluginId: 'kubernetes',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.get('/proxy/*', async (req, res) => {
            await httpAuth.credentials(req, { allow: ['service'] });
            const cluster = String(req.header('Backstage-Kubernetes-Cluster'));
            const target = fleet().urls(cluster).kubernetes;
            // The caller gone (a watch it ended): so is the upstream request.
            const gone = new AbortController();
            res.on('close', () => gone.abort());
            const upstream = await fetch(
              `${target}${req.originalUrl.replace(
                /^\/api\/kubernetes\/proxy/,
                '',
              )}`,
              { signal: gone.signal },
            ).catch(error => error as Error);
            // Not instanceof: fetch errors come from another realm under Jest.
            if (!('status' in upstream)) {
              const code = (upstream.cause as { code?: string })?.code;
              res.status(500).json({
                error: {
                  name: 'ForwardedError',
                  message: `Cluster '${cluster}' request error; caused by Error: connect ${code} ${target.replace(
                    'http://',
                    '',
                  )}`,
                },
              });
              return;
            }
            // The bytes as they came, as the real proxy streams them: parsing
            // and writing each list again here was most of a scale bench's
            // backend CPU, which the portal in production does not spend.
            res
              .status(upstream.status)
              .type(upstream.headers.get('content-type') ?? 'application/json');
            res.flushHeaders();
            if (!upstream.body) {
              res.end();
              return;
            }
            const body = Readable.fromWeb(upstream.body as any);
            // A broken upstream does not end the answer (see above).
            body.on('error', () => undefined);
            body.on('data', chunk => res.write(chunk));
            body.on('end', () => res.end());
          });
          httpRouter.use(router);
        },
      });
    },
  });
}
