/*
 * The demo fleet as the matrix uses it: its ports and tokens, the wallet's
 * services beside the storefront's, and what the matrix sets and reads
 * directly at the source (PowerDNS, Argo CD), not through the portal.
 */
import { DemoFleet, services } from '@internal/demo-fleet';
import {
  parsePowerDnsLua,
  renderPowerDnsLua,
} from '@internal/plugin-traffic-backend-module-powerdns';

/** Ports 18600-18680: no other test of the repository uses them. */
export const BASE_PORT = 18600;
export const PDNS_KEY = 'demo-fleet-pdns-key';
export const ARGOCD_READ = 'demo-fleet-argocd-read';
export const ARGOCD_WRITE = 'demo-fleet-argocd-token';
/** The cluster the traffic and auto-sync rows act on. */
export const CLUSTER = 'aws-use1-prod-01';

/** The wallet's services on the demo fleet's clusters. */
export const walletServices = services
  .filter(s => s.product === 'storefront')
  .map(s => ({
    ...s,
    name: s.name.replace('storefront', 'wallet'),
    product: 'wallet',
    namespace: 'wallet',
    image: s.image.replace('storefront', 'wallet'),
  }));

/** Puts a product's entry point into the demo PowerDNS, weight 1 on each cluster. */
export async function publishEntryPoint(fleet: DemoFleet, hostname: string) {
  const res = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    {
      method: 'PATCH',
      headers: { 'X-API-Key': PDNS_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        rrsets: [
          {
            name: `${hostname}.`,
            type: 'LUA',
            ttl: 30,
            changetype: 'REPLACE',
            records: [
              {
                content: renderPowerDnsLua({
                  host: hostname,
                  port: BASE_PORT + 80,
                  path: '/healthz',
                  targets: fleet.clusters.map((_, i) => ({
                    address: `127.0.0.${11 + i}`,
                    weight: 1,
                  })),
                }),
                disabled: false,
              },
            ],
          },
        ],
      }),
    },
  );
  if (res.status !== 204) {
    throw new Error(`PowerDNS refused ${hostname}: ${res.status}`);
  }
}

/**
 * The demo fleet puts a product's applications in the project
 * `team-<product>`; the wallet's tenant gives them team-payments' project,
 * as an infra repo would. Set through the demo Argo CD's API, with the
 * write token.
 */
export async function moveWalletAppsToTeamProject(fleet: DemoFleet) {
  for (const cluster of fleet.clusters) {
    for (const app of walletServices) {
      const res = await fetch(
        `${fleet.urls(cluster.name).argocd}/api/v1/applications/${app.name}`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${ARGOCD_WRITE}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: app.name,
            patch: JSON.stringify({ spec: { project: 'team-payments' } }),
            patchType: 'merge',
          }),
        },
      );
      if (!res.ok)
        throw new Error(`Argo CD refused ${app.name}: ${res.status}`);
    }
  }
}

/** The weights PowerDNS holds for a hostname, read from its API. */
export async function powerDnsWeights(fleet: DemoFleet, hostname: string) {
  const zone = await (
    await fetch(
      `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
      { headers: { 'X-API-Key': PDNS_KEY } },
    )
  ).json();
  const rr = zone.rrsets.find((r: any) => r.name === `${hostname}.`);
  return parsePowerDnsLua(rr.records[0].content)!.targets.map(t => t.weight);
}

/** Whether each of a product's applications on a cluster has auto-sync on. */
export async function autoSync(
  fleet: DemoFleet,
  product: string,
  cluster = CLUSTER,
) {
  const res = await fetch(
    `${
      fleet.urls(cluster).argocd
    }/api/v1/applications?selector=app.kubernetes.io/part-of%3D${product}`,
    { headers: { Authorization: `Bearer ${ARGOCD_READ}` } },
  );
  return ((await res.json()).items as any[]).map(
    a => `${a.metadata.name}:${a.spec.syncPolicy?.automated ? 'on' : 'off'}`,
  );
}
