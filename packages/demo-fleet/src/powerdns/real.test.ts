/*
 * The embedded default's DNS, for real: the demo fleet on Debian's PowerDNS
 * (as ./trinity start runs it when pdns-server is installed). `dig` answers
 * the storefront's entry point with the three ingresses; a cluster that
 * goes down drops out of the answers within seconds (PowerDNS' ifurlup
 * health check on its ingress), and comes back when it is up again.
 */
import { dnsAnswers, eventually } from '@internal/test-services';
import { DemoFleet, startDemoFleet } from '../server';

jest.setTimeout(60_000);

let fleet: DemoFleet;
beforeAll(async () => {
  fleet = await startDemoFleet({
    basePort: 18600,
    powerdns: { real: true },
    prometheus: false,
  });
});
afterAll(() => fleet?.stop());

/** What 30 queries answered: LUA picks one healthy target per query, by weight. */
const answers = () => dnsAnswers(fleet.dnsPort!, 'shop.trinity.example', 30);

it('answers the entry point with every healthy ingress, and drops a dead cluster', async () => {
  expect(fleet.dnsPort).toBe(18653);
  const all = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
  await eventually(async () => {
    const seen = await answers();
    return all.every(address => seen.has(address));
  }, 'all three ingresses answered');
  // The portal's PowerDNS API is the real one: it lists the LUA record.
  const zone = await (
    await fetch(
      `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
      { headers: { 'X-API-Key': 'demo-fleet-pdns-key' } },
    )
  ).json();
  expect(
    zone.rrsets.find((set: any) => set.name === 'shop.trinity.example.').type,
  ).toBe('LUA');

  await fleet.scenarios.set('aws-use1-prod-01', { down: true });
  const dropped = await eventually(
    async () => !(await answers()).has('127.0.0.11'),
    'the dead cluster left the answers',
  );
  expect([...(await answers())].sort()).toEqual(['127.0.0.12', '127.0.0.13']);
  // PowerDNS checks every second; a few checks must fail first.
  expect(dropped).toBeLessThan(15_000);

  await fleet.scenarios.set('aws-use1-prod-01', { down: false });
  await eventually(
    async () => (await answers()).has('127.0.0.11'),
    'the cluster came back',
  );
});
