import {
  EntryPointSpec,
  ProviderRecord,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { parsePowerDnsLua, renderPowerDnsLua } from './lua';
import { probeTarget } from './probe';

export interface PowerDnsOptions {
  url: string;
  apiKey: string;
  serverId?: string;
  zone: string;
  ttl?: number;
  healthCheck?: { port?: number; path?: string; timeoutMs?: number };
  /**
   * Where this PowerDNS answers DNS queries (`address:port`), for the
   * evacuation's DNS check; without it that check is not made.
   */
  dns?: string;
}

/** `127.0.0.1:7153`, `[::1]:7153` → address and port; `10.0.0.5`, `::1` → port 53. */
export function parseDnsAddress(value: string) {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const colons = text.split(':').length - 1;
  let address = text;
  let port = '53';
  if (bracketed) [, address, port = '53'] = bracketed;
  else if (colons === 1) [address, port] = text.split(':');
  if (!address || !/^\d+$/.test(port) || !(+port > 0 && +port < 65536)) {
    throw new Error(
      `trinity.traffic.powerdns.dns must be an address and port like 127.0.0.1:53, not "${value}"`,
    );
  }
  return { address, port: Number(port) };
}

type RRSet = {
  name: string;
  type: string;
  ttl: number;
  records: Array<{ content: string; disabled: boolean }>;
};

const fqdn = (name: string) => `${name.replace(/\.$/, '')}.`;

/**
 * PowerDNS Authoritative through its HTTP API. Each entry point is one LUA
 * record in the configured zone whose body holds every target's weight and
 * the health check PowerDNS runs (see renderPowerDnsLua). Reading parses the
 * record back; writing replaces it in one PATCH, which PowerDNS applies at
 * once (API changes purge its cache).
 */
export function createPowerDnsProvider(
  options: PowerDnsOptions,
): TrafficProvider {
  const base = `${options.url.replace(/\/$/, '')}/api/v1/servers/${
    options.serverId ?? 'localhost'
  }/zones/${fqdn(options.zone)}`;
  const port = options.healthCheck?.port ?? 80;
  const path = options.healthCheck?.path ?? '/healthz';
  const ttl = options.ttl ?? 30;

  const api = async (method: string, body?: unknown, signal?: AbortSignal) => {
    const res = await fetch(base, {
      method,
      headers: {
        'X-API-Key': options.apiKey,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!res.ok) {
      const detail = await res
        .json()
        .then(errorBody => errorBody.error ?? JSON.stringify(errorBody))
        .catch(() => res.statusText);
      throw new Error(`PowerDNS answered ${res.status}: ${detail}`);
    }
    return res.status === 204 ? undefined : res.json();
  };

  const render = (entry: EntryPointSpec, weights: Record<string, number>) =>
    renderPowerDnsLua({
      host: entry.name,
      port,
      path,
      targets: entry.targets.map(target => ({
        address: target.target,
        weight: weights[target.cluster] ?? 0,
      })),
    });

  const record = (content: string, recordTtl: number): ProviderRecord => ({
    name: '',
    type: 'LUA',
    ttl: recordTtl,
    content: [content],
  });

  const nameserver = options.dns ? parseDnsAddress(options.dns) : undefined;

  return {
    id: 'powerdns',

    // The PowerDNS that holds the record is the one that answers it.
    ...(nameserver && { nameservers: async () => [nameserver] }),

    async read(entry, signal) {
      if (!fqdn(entry.name).endsWith(`.${fqdn(options.zone)}`)) {
        throw new Error(
          `${entry.name} is not in the PowerDNS zone ${options.zone}`,
        );
      }
      const zone = (await api('GET', undefined, signal)) as { rrsets: RRSet[] };
      const rrset = zone.rrsets.find(
        candidate =>
          candidate.name === fqdn(entry.name) && candidate.type === 'LUA',
      );
      const content = rrset?.records.find(
        rrsetRecord => !rrsetRecord.disabled,
      )?.content;
      const parsed = content ? parsePowerDnsLua(content) : undefined;
      if (content && !parsed) {
        throw new Error(
          `the LUA record of ${entry.name} was not written by Trinity; refusing to manage it`,
        );
      }
      const byAddress = new Map(
        (parsed?.targets ?? []).map(target => [target.address, target.weight]),
      );
      const weights = Object.fromEntries(
        entry.targets.map(target => [
          target.cluster,
          byAddress.get(target.target) ?? 0,
        ]),
      );
      const health = Object.fromEntries(
        await Promise.all(
          entry.targets.map(
            async target =>
              [
                target.cluster,
                await probeTarget({
                  address: target.target,
                  host: entry.name,
                  port,
                  path,
                  timeoutMs: options.healthCheck?.timeoutMs ?? 1000,
                }),
              ] as const,
          ),
        ),
      );
      return {
        records: rrset
          ? [{ ...record(content!, rrset.ttl), name: `${rrset.name} LUA` }]
          : [],
        weights,
        health,
        ttl: rrset?.ttl,
      };
    },

    plan(entry, _reading: ProviderReading, weights) {
      return [
        {
          ...record(render(entry, weights), ttl),
          name: `${fqdn(entry.name)} LUA`,
        },
      ];
    },

    async write(entry, _reading, weights, signal) {
      await api(
        'PATCH',
        {
          rrsets: [
            {
              name: fqdn(entry.name),
              type: 'LUA',
              ttl,
              changetype: 'REPLACE',
              records: [{ content: render(entry, weights), disabled: false }],
            },
          ],
        },
        signal,
      );
      return {};
    },
  };
}
