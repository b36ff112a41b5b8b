/*
 * The PowerDNS provider against a real PowerDNS Authoritative (Debian
 * package, loopback), with health endpoints on 127.0.0.11-13 standing for
 * the three clusters' ingresses. Answers are read with dig, as a resolver
 * would see them.
 */
import http from 'node:http';
import {
  dnsAnswers,
  eventually,
  freePort,
  startPowerDns,
  RealPowerDns,
} from '@internal/test-services';
import { EntryPointSpec } from '@internal/plugin-traffic-common';
import { createPowerDnsProvider } from './powerDnsProvider';

jest.setTimeout(60_000);

let pdns: RealPowerDns;
let port: number;
const ingress = new Map<string, http.Server>();
const addresses = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];

const entry: EntryPointSpec = {
  name: 'shop.trinity.example',
  provider: 'powerdns',
  tier: 'tier-1',
  targets: [
    { cluster: 'aws', target: '127.0.0.11' },
    { cluster: 'gcp', target: '127.0.0.12' },
    { cluster: 'azure', target: '127.0.0.13' },
  ],
};

async function ingressUp(address: string) {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>(r => server.listen(port, address, r));
  ingress.set(address, server);
}
async function ingressDown(address: string) {
  const server = ingress.get(address)!;
  ingress.delete(address);
  server.closeAllConnections();
  await new Promise(r => server.close(r));
}

/** Every distinct answer over n queries. */
const answers = (n = 40) => dnsAnswers(pdns.dnsPort, entry.name, n);

const provider = () =>
  createPowerDnsProvider({
    url: pdns.url,
    apiKey: pdns.apiKey,
    zone: 'trinity.example',
    ttl: 5,
    healthCheck: { port, path: '/healthz', timeoutMs: 500 },
  });

beforeAll(async () => {
  pdns = await startPowerDns();
  port = await freePort();
  for (const a of addresses) await ingressUp(a);
  const res = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
    method: 'POST',
    headers: { 'X-API-Key': pdns.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'trinity.example.',
      kind: 'Native',
      nameservers: ['ns1.trinity.example.'],
    }),
  });
  if (res.status !== 201) throw new Error(`zone not created: ${res.status}`);
});

afterAll(async () => {
  for (const a of [...ingress.keys()]) await ingressDown(a);
  await pdns?.stop();
});

/** PowerDNS checks health every second; give it a few rounds. */

describe('PowerDNS provider (real PowerDNS)', () => {
  it('reads an entry point it has not published as all weights 0', async () => {
    const reading = await provider().read(entry);
    expect(reading.records).toEqual([]);
    expect(reading.weights).toEqual({ aws: 0, gcp: 0, azure: 0 });
    expect(reading.health.aws.status).toBe('healthy');
  });

  it('publishes weights, and resolvers get every weighted healthy target', async () => {
    const p = provider();
    const reading = await p.read(entry);
    const weights = { aws: 1, gcp: 1, azure: 1 };
    expect(p.plan(entry, reading, weights)[0].content[0]).toContain(
      "local targets={{'127.0.0.11',1},{'127.0.0.12',1},{'127.0.0.13',1}}",
    );
    await p.write(entry, reading, weights);
    const back = await p.read(entry);
    expect(back.weights).toEqual(weights);
    expect(back.records[0]).toMatchObject({
      name: 'shop.trinity.example. LUA',
      type: 'LUA',
      ttl: 5,
    });
    await eventually(
      async () => (await answers()).size === 3,
      'all three answered',
    );
  });

  it('drains a cluster: its address is no longer answered', async () => {
    const p = provider();
    const reading = await p.read(entry);
    await p.write(entry, reading, { aws: 1, gcp: 0, azure: 1 });
    const seen = await answers(60);
    expect(seen.has('127.0.0.12')).toBe(false);
    expect([...seen].sort()).toEqual(['127.0.0.11', '127.0.0.13']);
  });

  it('fails over on health: a dead ingress stops being answered, without a write', async () => {
    await ingressDown('127.0.0.13');
    try {
      await eventually(
        async () => [...(await answers())].join() === '127.0.0.11',
        'only aws answered',
      );
      const reading = await provider().read(entry);
      expect(reading.health.azure.status).toBe('unhealthy');
      expect(reading.weights.azure).toBe(1);
    } finally {
      await ingressUp('127.0.0.13');
    }
    await eventually(
      async () => (await answers()).has('127.0.0.13'),
      'azure back',
    );
  });

  it('restores a cluster', async () => {
    const p = provider();
    await p.write(entry, await p.read(entry), { aws: 1, gcp: 1, azure: 1 });
    await eventually(
      async () => (await answers()).size === 3,
      'all three answered',
    );
    expect((await p.read(entry)).weights).toEqual({ aws: 1, gcp: 1, azure: 1 });
  });

  it('refuses to manage a LUA record it did not write, and an entry outside its zone', async () => {
    await fetch(`${pdns.url}/api/v1/servers/localhost/zones/trinity.example.`, {
      method: 'PATCH',
      headers: { 'X-API-Key': pdns.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        rrsets: [
          {
            name: 'hand.trinity.example.',
            type: 'LUA',
            ttl: 60,
            changetype: 'REPLACE',
            records: [
              { content: 'A "pickrandom({\'1.2.3.4\'})"', disabled: false },
            ],
          },
        ],
      }),
    });
    await expect(
      provider().read({ ...entry, name: 'hand.trinity.example' }),
    ).rejects.toThrow('was not written by Trinity');
    await expect(
      provider().read({ ...entry, name: 'shop.other.example' }),
    ).rejects.toThrow('is not in the PowerDNS zone trinity.example');
  });

  it('names PowerDNS refusing the key', async () => {
    const wrong = createPowerDnsProvider({
      url: pdns.url,
      apiKey: 'nope',
      zone: 'trinity.example',
    });
    await expect(wrong.read(entry)).rejects.toThrow(/^PowerDNS answered 401/);
  });
});
