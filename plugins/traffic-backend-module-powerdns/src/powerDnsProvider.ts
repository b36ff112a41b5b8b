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

  return {
    id: 'powerdns',

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
