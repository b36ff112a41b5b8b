/**
 * The PowerDNS LUA record that carries an entry point: weighted answers over
 * the targets that pass their health check. PowerDNS 4.7 has no weighted
 * health-checked selector, so the record body computes it: `ifurlup` with
 * `selector='all'` gives the live targets (checked every second by PowerDNS
 * itself), `pickwrandom` picks one by weight. A target with weight 0 is
 * drained: it is neither checked nor answered.
 *
 * The weights live in the record, so reading the record back is reading the
 * entry point's state; there is nothing to keep in sync elsewhere.
 */
export interface LuaTargets {
  /** Host the health check asks for (the entry point's name). */
  host: string;
  port: number;
  path: string;
  targets: Array<{ address: string; weight: number }>;
}

const quote = (value: string) => {
  if (!/^[-a-zA-Z0-9.:/_]*$/.test(value)) {
    throw new Error(`"${value}" cannot go into a LUA record`);
  }
  return `'${value}'`;
};

/** The content of an `A` LUA record (without the `A ` prefix's quoting). */
export function renderPowerDnsLua(luaTargets: LuaTargets): string {
  const list = luaTargets.targets
    .map(target => `{${quote(target.address)},${Math.trunc(target.weight)}}`)
    .join(',');
  const url = quote(
    `http://${luaTargets.host}:${luaTargets.port}${luaTargets.path}`,
  );
  return (
    `A ";local targets={${list}} ` +
    `local live={} for _,t in ipairs(targets) do if t[2]>0 then table.insert(live,t[1]) end end ` +
    `local up=ifurlup(${url},{live},{selector='all'}) ` +
    `local pick={} for _,ip in ipairs(up) do for _,t in ipairs(targets) do ` +
    `if t[1]==ip then table.insert(pick,{t[2],ip}) end end end ` +
    `return pickwrandom(pick)"`
  );
}

/** Reads the targets and weights back; undefined for a record not written by Trinity. */
export function parsePowerDnsLua(content: string): LuaTargets | undefined {
  const list = content.match(/local targets=\{(.*?)\} local live/)?.[1];
  const url = content.match(/ifurlup\('http:\/\/([^:/']+):(\d+)([^']*)'/);
  if (list === undefined || !url) return undefined;
  const targets = [...list.matchAll(/\{'([^']+)',(\d+)\}/g)].map(match => ({
    address: match[1],
    weight: Number(match[2]),
  }));
  return { host: url[1], port: Number(url[2]), path: url[3], targets };
}
