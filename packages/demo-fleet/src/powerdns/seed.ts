import { DemoCluster } from '../fleet';
import { apexRRSets, nextSerial, Zone } from './zones';

/**
 * The platform's public zone as the demo fleet starts with it: the ingress of
 * each cluster, addressed on loopback (127.0.0.11, .12, .13) so that tests can
 * tell the clusters apart by address.
 */
export function seedZones(clusters: DemoCluster[], now: Date): Zone[] {
  const name = 'trinity.example.';
  const serial = nextSerial(0, now);
  return [
    {
      name,
      kind: 'Native',
      serial,
      rrsets: [
        ...apexRRSets(name, serial, ['ns1.trinity.example.']),
        ...clusters.map((c, i) => ({
          comments: [],
          name: `ingress.${c.name}.clusters.${name}`,
          records: [{ content: `127.0.0.${11 + i}`, disabled: false }],
          ttl: 60,
          type: 'A',
        })),
      ],
    },
  ];
}
