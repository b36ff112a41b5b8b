/**
 * A merged product's entry point in the global DNS, as the EntryPoint's
 * Crossplane composition publishes it in production: one LUA record with
 * every target cluster's ingress at weight 1, behind the ingresses'
 * `/healthz` (the same record the portal's PowerDNS provider writes and
 * reads afterwards). Written through the PowerDNS API, so the real PowerDNS
 * and the stand-in take it alike.
 */
import { renderPowerDnsLua } from '@internal/plugin-traffic-backend-module-powerdns';

export const DEMO_ZONE = 'trinity.example';

export async function publishEntryPoint(options: {
  powerDnsUrl: string;
  apiKey: string;
  hostname: string;
  addresses: string[];
  port: number;
}) {
  if (!options.hostname.endsWith(`.${DEMO_ZONE}`)) {
    throw new Error(
      `${options.hostname} is outside the demo's zone ${DEMO_ZONE}: not published`,
    );
  }
  const content = renderPowerDnsLua({
    host: options.hostname,
    port: options.port,
    path: '/healthz',
    targets: options.addresses.map(address => ({ address, weight: 1 })),
  });
  const res = await fetch(
    `${options.powerDnsUrl}/api/v1/servers/localhost/zones/${DEMO_ZONE}.`,
    {
      method: 'PATCH',
      headers: {
        'X-API-Key': options.apiKey,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        rrsets: [
          {
            name: `${options.hostname}.`,
            type: 'LUA',
            ttl: 30,
            changetype: 'REPLACE',
            records: [{ content, disabled: false }],
          },
        ],
      }),
    },
  );
  if (!res.ok) {
    throw new Error(
      `PowerDNS refused ${options.hostname}: ${res.status} ${await res.text()}`,
    );
  }
}
