/*
 * One contract, two servers: the demo fleet's PowerDNS API and a real
 * PowerDNS Authoritative (Debian package). The traffic family's PowerDNS
 * adapter talks to both, so both must answer alike.
 */
import { startPowerDns, RealPowerDns } from '@internal/test-services';
import { startDemoFleet, DemoFleet } from '../server';

jest.setTimeout(60_000);

let fleet: DemoFleet;
let real: RealPowerDns;
const targets: Record<string, () => { url: string; apiKey: string }> = {
  'demo fleet': () => ({ url: fleet.powerDnsUrl, apiKey: 'contract-key' }),
  'real PowerDNS': () => ({ url: real.url, apiKey: real.apiKey }),
};

beforeAll(async () => {
  fleet = await startDemoFleet({
    basePort: 17300,
    powerdns: { apiKey: 'contract-key' },
    prometheus: false,
  });
  real = await startPowerDns({ apiKey: 'contract-key' });
});

afterAll(async () => {
  await fleet?.stop();
  await real?.stop();
});

describe.each(Object.keys(targets))('PowerDNS API contract: %s', target => {
  const zone = 'contract.example.';
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ) => {
    const { url, apiKey } = targets[target]();
    // Strings go as they are, so a test can send a body that is not JSON.
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${url}/api/v1/servers/localhost${path}`, {
      method,
      headers: { 'X-API-Key': key ?? apiKey },
      body: body === undefined ? undefined : payload,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  const replaceA = (name: string, contents: string[]) => ({
    rrsets: [
      {
        name,
        type: 'A',
        ttl: 30,
        changetype: 'REPLACE',
        records: contents.map(content => ({ content, disabled: false })),
      },
    ],
  });
  const rrset = async (name: string, type: string) => {
    const { json } = await api('GET', `/zones/${zone}`);
    return json.rrsets.find((r: any) => r.name === name && r.type === type);
  };

  it('refuses a request without the API key with 401', async () => {
    expect((await api('GET', '/zones', undefined, 'wrong')).status).toBe(401);
  });

  it('creates a zone with its SOA and NS records', async () => {
    const { status, json } = await api('POST', '/zones', {
      name: zone,
      kind: 'Native',
      nameservers: ['ns1.contract.example.'],
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      id: zone,
      name: zone,
      kind: 'Native',
      url: `/api/v1/servers/localhost/zones/${zone}`,
    });
    expect(json.rrsets.map((r: any) => r.type).sort()).toEqual(['NS', 'SOA']);
    const list = await api('GET', '/zones');
    expect(list.json.map((z: any) => z.name)).toContain(zone);
  });

  it('refuses a second zone of the same name with 409, and a non-canonical name with 422', async () => {
    expect(
      (
        await api('POST', '/zones', {
          name: zone,
          kind: 'Native',
          nameservers: [],
        })
      ).status,
    ).toBe(409);
    const bad = await api('POST', '/zones', {
      name: 'other.example',
      kind: 'Native',
      nameservers: [],
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({
      error: "DNS Name 'other.example' is not canonical",
    });
  });

  it('replaces an rrset, shows it, and bumps the serial', async () => {
    const before = (await api('GET', `/zones/${zone}`)).json.serial;
    const res = await api(
      'PATCH',
      `/zones/${zone}`,
      replaceA(`shop.${zone}`, ['127.0.0.11', '127.0.0.12']),
    );
    expect(res.status).toBe(204);
    const set = await rrset(`shop.${zone}`, 'A');
    expect(set).toMatchObject({ name: `shop.${zone}`, type: 'A', ttl: 30 });
    expect(set.records.map((r: any) => r.content).sort()).toEqual([
      '127.0.0.11',
      '127.0.0.12',
    ]);
    expect((await api('GET', `/zones/${zone}`)).json.serial).toBeGreaterThan(
      before,
    );
  });

  it.each([
    [
      'a name outside the zone',
      replaceA('www.elsewhere.example.', ['127.0.0.1']),
      'RRset www.elsewhere.example. IN A: Name is out of zone',
    ],
    [
      'a name that is not canonical',
      replaceA('x.contract.example', ['127.0.0.1']),
      "DNS Name 'x.contract.example' is not canonical",
    ],
    [
      'an unknown changetype',
      {
        rrsets: [
          {
            name: `x.${zone}`,
            type: 'A',
            ttl: 30,
            changetype: 'MERGE',
            records: [],
          },
        ],
      },
      'Changetype not understood',
    ],
  ])('refuses %s with 422 and its reason', async (_title, body, error) => {
    const res = await api('PATCH', `/zones/${zone}`, body);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error });
  });

  it('refuses an A record that is not an address, naming the record', async () => {
    const res = await api(
      'PATCH',
      `/zones/${zone}`,
      replaceA(`bad.${zone}`, ['not-an-ip']),
    );
    expect(res.status).toBe(422);
    expect(res.json.error).toMatch(
      /^Record bad\.contract\.example\.\/A 'not-an-ip': Parsing record content/,
    );
  });

  it('changes nothing when one change of a PATCH is refused', async () => {
    const res = await api('PATCH', `/zones/${zone}`, {
      rrsets: [
        replaceA(`shop.${zone}`, ['127.0.0.13']).rrsets[0],
        replaceA('www.elsewhere.example.', ['127.0.0.1']).rrsets[0],
      ],
    });
    expect(res.status).toBe(422);
    const set = await rrset(`shop.${zone}`, 'A');
    expect(set.records.map((r: any) => r.content).sort()).toEqual([
      '127.0.0.11',
      '127.0.0.12',
    ]);
  });

  it('deletes an rrset', async () => {
    const res = await api('PATCH', `/zones/${zone}`, {
      rrsets: [{ name: `shop.${zone}`, type: 'A', changetype: 'DELETE' }],
    });
    expect(res.status).toBe(204);
    expect(await rrset(`shop.${zone}`, 'A')).toBeUndefined();
  });

  it('answers 404 for a zone it does not have, and 400 for a body that is not JSON', async () => {
    expect((await api('GET', '/zones/nope.example.')).status).toBe(404);
    expect(
      (await api('PATCH', '/zones/nope.example.', { rrsets: [] })).status,
    ).toBe(404);
    expect((await api('PATCH', `/zones/${zone}`, '{"rrsets":')).status).toBe(
      400,
    );
  });

  it('deletes the zone', async () => {
    expect((await api('DELETE', `/zones/${zone}`)).status).toBe(204);
    expect((await api('GET', `/zones/${zone}`)).status).toBe(404);
  });
});
