/**
 * A merged product's entry point in the global DNS, as the EntryPoint's
 * Crossplane composition publishes it in production: one LUA record with
 * every target cluster's ingress at weight 1, behind the ingresses'
 * `/healthz` (the same record the portal's PowerDNS provider writes and
 * reads afterwards). Written through the PowerDNS API, so the real PowerDNS
 * and the stand-in take it alike.
 *
 * Weights are the portal's once the record exists (ADR 0005): publishing
 * again (the tenant changed) keeps each remaining target's weight, adds a
 * new cluster at weight 1 and drops a cluster that left.
 */
import {
  parsePowerDnsLua,
  renderPowerDnsLua,
} from '@internal/plugin-traffic-backend-module-powerdns';

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
  const existing = await currentTargets(options);
  const content = renderPowerDnsLua({
    host: options.hostname,
    port: options.port,
    path: '/healthz',
    targets: options.addresses.map(address => ({
      address,
      weight: existing?.find(target => target.address === address)?.weight ?? 1,
    })),
  });
  await patchRecord(options, { changetype: 'REPLACE', records: [content] });
}

/** Takes a product's entry point out of DNS (its tenant left the infra repo). */
export async function withdrawEntryPoint(options: {
  powerDnsUrl: string;
  apiKey: string;
  hostname: string;
}) {
  await patchRecord(options, { changetype: 'DELETE', records: [] });
}

const zoneUrl = (powerDnsUrl: string) =>
  `${powerDnsUrl}/api/v1/servers/localhost/zones/${DEMO_ZONE}.`;

/** The record's targets now, if it exists. */
async function currentTargets(options: {
  powerDnsUrl: string;
  apiKey: string;
  hostname: string;
}) {
  const res = await fetch(zoneUrl(options.powerDnsUrl), {
    headers: { 'X-API-Key': options.apiKey },
  });
  if (!res.ok) {
    throw new Error(`PowerDNS did not list ${DEMO_ZONE}: ${res.status}`);
  }
  const zone = (await res.json()) as {
    rrsets: Array<{
      name: string;
      type: string;
      records: Array<{ content: string }>;
    }>;
  };
  const rrset = zone.rrsets.find(
    set => set.name === `${options.hostname}.` && set.type === 'LUA',
  );
  return rrset && parsePowerDnsLua(rrset.records[0]?.content ?? '')?.targets;
}

async function patchRecord(
  options: { powerDnsUrl: string; apiKey: string; hostname: string },
  change: { changetype: 'REPLACE' | 'DELETE'; records: string[] },
) {
  const res = await fetch(zoneUrl(options.powerDnsUrl), {
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
          changetype: change.changetype,
          records: change.records.map(content => ({
            content,
            disabled: false,
          })),
        },
      ],
    }),
  });
  if (!res.ok) {
    throw new Error(
      `PowerDNS refused ${options.hostname}: ${res.status} ${await res.text()}`,
    );
  }
}
