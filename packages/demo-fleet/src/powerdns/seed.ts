import { renderPowerDnsLua } from '@internal/plugin-traffic-backend-module-powerdns';
import { DemoCluster } from '../fleet';
import { apexRRSets, nextSerial, Zone } from './zones';

/**
 * The platform's public zone as the demo fleet starts with it: the ingress of
 * each cluster, addressed on loopback (127.0.0.11, .12, .13) so that tests can
 * tell the clusters apart by address, and the storefront's entry point
 * `shop.trinity.example`, weighted equally over the three, in the LUA record
 * format the portal's PowerDNS provider writes.
 */
export function seedZones(
  clusters: DemoCluster[],
  now: Date,
  ingressPort: number,
): Zone[] {
  const name = 'trinity.example.';
  const serial = nextSerial(0, now);
  return [
    {
      name,
      kind: 'Native',
      serial,
      rrsets: [
        ...apexRRSets(name, serial, ['ns1.trinity.example.']),
        ...clusters.map((cluster, index) => ({
          comments: [],
          name: `ingress.${cluster.name}.clusters.${name}`,
          records: [{ content: `127.0.0.${11 + index}`, disabled: false }],
          ttl: 60,
          type: 'A',
        })),
        {
          comments: [],
          name: `shop.${name}`,
          records: [
            {
              content: renderPowerDnsLua({
                host: 'shop.trinity.example',
                port: ingressPort,
                path: '/healthz',
                targets: clusters.map((_, index) => ({
                  address: `127.0.0.${11 + index}`,
                  weight: 1,
                })),
              }),
              disabled: false,
            },
          ],
          ttl: 30,
          type: 'LUA',
        },
      ],
    },
  ];
}
