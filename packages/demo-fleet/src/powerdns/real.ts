/**
 * The global DNS of the embedded default, for real: PowerDNS Authoritative
 * from Debian (pdns-server), its API where the portal's config expects the
 * demo's PowerDNS, answering DNS on loopback, seeded with the same zone as
 * the stand-in (each cluster's ingress and the storefront's entry point as
 * a LUA record whose `ifurlup` checks the ingresses' /healthz). A cluster
 * that goes down stops answering its health check, and PowerDNS stops
 * handing out its address: `dig` shows what the Failover tab shows.
 */
import { startPowerDns } from '@internal/test-services';
import { Zone } from './zones';

export interface DemoPowerDns {
  url: string;
  /** Loopback port answering DNS (UDP and TCP). */
  dnsPort: number;
  stop(): Promise<void>;
}

export async function startRealPowerDns(options: {
  apiKey: string;
  apiPort: number;
  dnsPort: number;
  zones: Zone[];
}): Promise<DemoPowerDns> {
  const pdns = await startPowerDns(options);
  for (const zone of options.zones) {
    const res = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
      method: 'POST',
      headers: {
        'X-API-Key': options.apiKey,
        'content-type': 'application/json',
      },
      // The API sets the serial itself; the zone's NS and SOA are in rrsets.
      body: JSON.stringify({
        name: zone.name,
        kind: zone.kind,
        nameservers: [],
        rrsets: zone.rrsets,
      }),
    });
    if (!res.ok) {
      await pdns.stop();
      throw new Error(
        `PowerDNS refused the demo zone ${zone.name}: ${
          res.status
        } ${await res.text()}`,
      );
    }
  }
  return { url: pdns.url, dnsPort: pdns.dnsPort, stop: pdns.stop };
}
