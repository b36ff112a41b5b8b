/*
 * What the real-PowerDNS tests share: Debian's PowerDNS with the demo zone,
 * an ingress listener per address answering its health checks, and a fleet
 * backend stand-in in which every cluster is healthy.
 */
import http from 'node:http';
import express from 'express';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { freePort, startPowerDns, RealPowerDns } from '@internal/test-services';

/** PowerDNS serving trinity.example, and ingresses on `addresses` (one port). */
export async function startPowerDnsWithIngresses(addresses: string[]) {
  const pdns: RealPowerDns = await startPowerDns();
  const port = await freePort();
  const listenOn = (address: string) =>
    new Promise<http.Server>(resolve => {
      const server = http.createServer((_req, res) => res.end('ok'));
      server.listen(port, address, () => resolve(server));
    });
  const ingresses = await Promise.all(addresses.map(listenOn));
  const zone = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
    method: 'POST',
    headers: { 'X-API-Key': pdns.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'trinity.example.',
      kind: 'Native',
      nameservers: ['ns1.trinity.example.'],
    }),
  });
  if (zone.status !== 201) throw new Error(`zone not created: ${zone.status}`);
  return {
    pdns,
    /** The ingresses' port: the health checks' `healthCheck.port`. */
    port,
    async stop() {
      for (const server of ingresses) {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
      await pdns.stop();
    },
  };
}

/** The portal's config for these: the zone on PowerDNS, each cluster's ingress. */
export function powerDnsConfig(options: {
  pdns: RealPowerDns;
  port: number;
  clusters: string[];
  addresses: string[];
}) {
  return {
    trinity: {
      publicZones: [
        {
          name: 'trinity.example',
          zoneId: 'Z0TRINITYEXAMPLE0000001',
          provider: 'powerdns',
        },
      ],
      clusters: Object.fromEntries(
        options.clusters.map((cluster, index) => [
          cluster,
          { ingress: options.addresses[index] },
        ]),
      ),
      traffic: {
        cooldownSeconds: 0,
        powerdns: {
          url: options.pdns.url,
          apiKey: options.pdns.apiKey,
          zone: 'trinity.example',
          ttl: 5,
          healthCheck: { port: options.port, timeoutMs: 500 },
          // Where the evacuation's verification asks DNS itself.
          dns: `127.0.0.1:${options.pdns.dnsPort}`,
        },
      },
    },
  };
}

/** The fleet backend, saying every cluster of every product is healthy. */
export function healthyFleetStandIn(clusters: string[]) {
  return createBackendPlugin({
    pluginId: 'fleet',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          const ok = {
            status: 'ok',
            summary: 'ok',
            fetchedAt: new Date().toISOString(),
          };
          router.get('/entities/:kind/:namespace/:name', (req, res) => {
            res.json({
              entityRef: `system:default/${req.params.name}`,
              sources: [],
              generatedAt: new Date().toISOString(),
              rows: clusters.map(name => ({
                cluster: {
                  name,
                  title: name,
                  provider: 'x',
                  region: 'r',
                  upgradeRing: 'r',
                },
                cells: {
                  argocd: ok,
                  workloads: {
                    ...ok,
                    data: { headroom: { enough: true, reason: 'ok' } },
                  },
                  slo: ok,
                },
              })),
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}
