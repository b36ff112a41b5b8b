import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  EntryPointSpec,
  PendingChange,
  ProviderHealth,
  ProviderRecord,
} from '@internal/plugin-traffic-common';
import { lookup } from 'node:dns/promises';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { slidingWindow } from './pace';

export interface Route53Options {
  client: Route53Client;
  hostedZoneId: string;
  ttl?: number;
  healthChecks?: Record<string, string>;
  /**
   * Requests per second to Route 53's API (default 5, its limit per
   * account): calls beyond it wait their turn (see pace.ts).
   */
  requestsPerSecond?: number;
  /** How long a health check's status is reused (default 10 s, Route 53's fastest check interval). */
  healthCacheMs?: number;
}

const fqdn = (name: string) => `${name.replace(/\.$/, '')}.`;
const isAddress = (target: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(target);

/**
 * Amazon Route 53: one weighted record per cluster under the entry point's
 * name, its set identifier the cluster's name, with the health check that
 * makes Route 53 skip it when its ingress fails. Weights are UPSERTed in one
 * change batch; the change's PENDING → INSYNC status is reported on the next
 * reads until Route 53 has propagated it.
 */
export function createRoute53Provider(
  options: Route53Options,
): TrafficProvider {
  const { hostedZoneId } = options;
  const ttl = options.ttl ?? 60;
  // Route 53 counts on its own clock, which sees our calls shifted by the
  // network's jitter: a window a tenth longer than a second keeps two calls
  // five apart more than a second apart there too (the SDK's retries cover
  // what is left).
  const paced = slidingWindow({
    limit: options.requestsPerSecond ?? 5,
    windowMs: 1100,
  });
  // Every call to Route 53 goes through the pace.
  const client = {
    send: ((command: any) =>
      paced(() => options.client.send(command))) as Route53Client['send'],
  };
  let delegation:
    | {
        at: number;
        addresses: Promise<Array<{ address: string; port: number }>>;
      }
    | undefined;
  // Health checks are per cluster, shared by its entry points: one status
  // read per check and interval, not one per entry point and read.
  const healthCacheMs = options.healthCacheMs ?? 10_000;
  const healthRead = new Map<
    string,
    { at: number; status: Promise<{ status: ProviderHealth; detail?: string }> }
  >();
  // The last change per entry point, until Route 53 reports it INSYNC.
  const pending = new Map<string, PendingChange>();

  async function records(entry: EntryPointSpec): Promise<ResourceRecordSet[]> {
    const name = fqdn(entry.name);
    const out: ResourceRecordSet[] = [];
    let start: { name?: string; type?: string; id?: string } = { name };
    for (;;) {
      const page = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          StartRecordName: start.name,
          StartRecordType: start.type as any,
          StartRecordIdentifier: start.id,
        }),
      );
      const sets = page.ResourceRecordSets ?? [];
      out.push(...sets.filter(recordSet => recordSet.Name === name));
      // Sets come sorted by name: past ours, stop.
      if (!page.IsTruncated || sets.some(recordSet => recordSet.Name !== name))
        break;
      start = {
        name: page.NextRecordName,
        type: page.NextRecordType,
        id: page.NextRecordIdentifier,
      };
    }
    return out.filter(
      recordSet => recordSet.SetIdentifier && recordSet.Weight !== undefined,
    );
  }

  const printable = (recordSet: ResourceRecordSet): ProviderRecord => ({
    name: `${recordSet.Name} ${recordSet.Type}`,
    type: recordSet.Type ?? 'A',
    ttl: recordSet.TTL,
    content: (recordSet.ResourceRecords ?? []).map(
      record => record.Value ?? '',
    ),
    setIdentifier: recordSet.SetIdentifier,
    weight: recordSet.Weight,
  });

  /** The record sets after the change: existing ones re-weighted, missing ones created. */
  function planned(
    entry: EntryPointSpec,
    existing: ResourceRecordSet[],
    weights: Record<string, number>,
  ): ResourceRecordSet[] {
    return entry.targets.map(target => {
      const found = existing.find(
        recordSet => recordSet.SetIdentifier === target.cluster,
      );
      const base: ResourceRecordSet = found ?? {
        Name: fqdn(entry.name),
        Type: isAddress(target.target) ? 'A' : 'CNAME',
        SetIdentifier: target.cluster,
        TTL: ttl,
        ResourceRecords: [{ Value: target.target }],
        ...(options.healthChecks?.[target.cluster] && {
          HealthCheckId: options.healthChecks[target.cluster],
        }),
      };
      return { ...base, Weight: weights[target.cluster] ?? 0 };
    });
  }

  function health(
    id: string | undefined,
  ): Promise<{ status: ProviderHealth; detail?: string }> {
    if (!id) {
      return Promise.resolve({
        status: 'unknown',
        detail: 'no health check on the record',
      });
    }
    const known = healthRead.get(id);
    if (known && Date.now() - known.at < healthCacheMs) return known.status;
    const status = healthStatus(id);
    healthRead.set(id, { at: Date.now(), status });
    // A failed read is not kept: the next read asks again.
    status.catch(() => healthRead.delete(id));
    return status;
  }

  async function healthStatus(
    id: string,
  ): Promise<{ status: ProviderHealth; detail?: string }> {
    const res = await client.send(
      new GetHealthCheckStatusCommand({ HealthCheckId: id }),
    );
    const seen = res.HealthCheckObservations ?? [];
    const ok = seen.filter(observation =>
      observation.StatusReport?.Status?.startsWith('Success'),
    ).length;
    // Route 53 considers a check healthy when most of its checkers say so.
    return {
      status: seen.length && ok > seen.length / 2 ? 'healthy' : 'unhealthy',
      detail: `health check ${id}: ${ok}/${seen.length} checkers report success`,
    };
  }

  return {
    id: 'route53',

    /**
     * The zone's delegation set, resolved to addresses: one zone, so one
     * read for every entry point (kept for an hour; a failed read is not).
     */
    nameservers() {
      if (!delegation || Date.now() - delegation.at > 3600_000) {
        const addresses = (async () => {
          const zone = await client.send(
            new GetHostedZoneCommand({ Id: hostedZoneId }),
          );
          const names = zone?.DelegationSet?.NameServers ?? [];
          return Promise.all(
            names.map(async name => ({
              address: (await lookup(name, { family: 4 })).address,
              port: 53,
            })),
          );
        })();
        delegation = { at: Date.now(), addresses };
        addresses.catch(() => {
          delegation = undefined;
        });
      }
      return delegation.addresses;
    },

    async read(entry) {
      const existing = await records(entry);
      const weights = Object.fromEntries(
        entry.targets.map(target => [
          target.cluster,
          existing.find(recordSet => recordSet.SetIdentifier === target.cluster)
            ?.Weight ?? 0,
        ]),
      );
      const healthByCluster = Object.fromEntries(
        await Promise.all(
          entry.targets.map(
            async target =>
              [
                target.cluster,
                await health(
                  existing.find(
                    recordSet => recordSet.SetIdentifier === target.cluster,
                  )?.HealthCheckId,
                ),
              ] as const,
          ),
        ),
      );
      let change = pending.get(entry.name);
      if (change?.status === 'PENDING') {
        const res = await client.send(new GetChangeCommand({ Id: change.id }));
        change = {
          ...change,
          status: res.ChangeInfo?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING',
        };
        if (change.status === 'INSYNC') pending.delete(entry.name);
        else pending.set(entry.name, change);
      }
      return {
        records: existing.map(printable),
        weights,
        health: healthByCluster,
        ttl: existing[0]?.TTL,
        pendingChange: change,
      };
    },

    plan(entry, reading: ProviderReading, weights) {
      // The reading's records are printable; rebuild the sets from them.
      const existing: ResourceRecordSet[] = reading.records.map(record => ({
        Name: fqdn(entry.name),
        Type: record.type as any,
        SetIdentifier: record.setIdentifier,
        Weight: record.weight,
        TTL: record.ttl,
        ResourceRecords: record.content.map(Value => ({ Value })),
      }));
      return planned(entry, existing, weights).map(printable);
    },

    async write(entry, _reading, weights) {
      // Re-read the sets so health check ids and aliases are kept as they are.
      const existing = await records(entry);
      const changes = planned(entry, existing, weights).filter(recordSet => {
        const before = existing.find(
          current => current.SetIdentifier === recordSet.SetIdentifier,
        );
        return !before || before.Weight !== recordSet.Weight;
      });
      if (changes.length === 0) return {};
      const res = await client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          ChangeBatch: {
            Comment: `trinity: weights of ${entry.name}`,
            Changes: changes.map(recordSet => ({
              Action: 'UPSERT',
              ResourceRecordSet: recordSet,
            })),
          },
        }),
      );
      const info = res.ChangeInfo;
      const change: PendingChange = {
        id: info?.Id ?? 'unknown',
        status: info?.Status === 'INSYNC' ? 'INSYNC' : 'PENDING',
        submittedAt: info?.SubmittedAt?.toISOString(),
      };
      if (change.status === 'PENDING') pending.set(entry.name, change);
      return { pendingChange: change };
    },
  };
}
