import { parsePowerDnsLua, renderPowerDnsLua } from './lua';

describe('PowerDNS LUA record', () => {
  const t = {
    host: 'shop.trinity.example',
    port: 7180,
    path: '/healthz',
    targets: [
      { address: '127.0.0.11', weight: 2 },
      { address: '127.0.0.12', weight: 0 },
    ],
  };

  it('round-trips targets, weights and the health check', () => {
    const content = renderPowerDnsLua(t);
    expect(content.startsWith('A ";local targets=')).toBe(true);
    expect(content).toContain(
      "ifurlup('http://shop.trinity.example:7180/healthz',{live},{selector='all'})",
    );
    expect(parsePowerDnsLua(content)).toEqual(t);
  });

  it('refuses text that would break out of the Lua string', () => {
    expect(() =>
      renderPowerDnsLua({
        ...t,
        targets: [{ address: "1.2.3.4'),os.exit(", weight: 1 }],
      }),
    ).toThrow('cannot go into a LUA record');
  });

  it('does not claim a record it did not write', () => {
    expect(parsePowerDnsLua('A "pickrandom({\'1.2.3.4\'})"')).toBeUndefined();
  });
});
