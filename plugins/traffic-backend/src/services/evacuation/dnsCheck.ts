/**
 * Asks DNS itself, not the provider's API, whether an entry point still
 * answers a cluster: queries to its authoritative nameservers, as a
 * resolver would send them. A weighted record answers one target per query
 * (PowerDNS' pickwrandom, Route 53's weighted sets), so one query proves
 * nothing: a round is several queries, and a round is clear when every
 * query answered and no answer is the cluster's target (the evacuation
 * asks for two clear rounds in a row).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { EntryPointSpec } from '@internal/plugin-traffic-common';
import { Nameserver } from '@internal/plugin-traffic-node';

/** Queries per entry point and round. */
const QUERIES = 10;

/** `address:port` as c-ares takes it (IPv6 in brackets). */
const serverOf = ({ address, port }: Nameserver) =>
  isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;

/**
 * One round: the answers the nameservers gave for the entry point's name,
 * `QUERIES` times (A for address targets, CNAME for host names). Rejects
 * when a query got no answer: an unanswered round proves nothing.
 */
export async function answersOf(
  entry: EntryPointSpec,
  nameservers: Nameserver[],
  timeoutMs = 1000,
): Promise<Set<string>> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  resolver.setServers(nameservers.map(serverOf));
  const byHost = entry.targets.some(target => !isIP(target.target));
  const byAddress = entry.targets.some(target => isIP(target.target));
  const ask = async () => [
    ...(byAddress ? await resolver.resolve4(entry.name) : []),
    ...(byHost
      ? await resolver.resolveCname(entry.name).catch(error => {
          // A name with only A records has no CNAME to give.
          if ((error as NodeJS.ErrnoException).code === 'ENODATA') return [];
          throw error;
        })
      : []),
  ];
  const rounds = await Promise.all(Array.from({ length: QUERIES }, ask));
  return new Set(rounds.flat().map(answer => answer.replace(/\.$/, '')));
}

/** The cluster's target as DNS would give it. */
export const targetOf = (entry: EntryPointSpec, cluster: string) =>
  entry.targets
    .find(target => target.cluster === cluster)
    ?.target.replace(/\.$/, '');

/** What DNS says of one entry point, after a round. */
export type DnsVerdict =
  | { state: 'clear' }
  | { state: 'answers'; target: string }
  | { state: 'unasked'; why: string };

export async function dnsVerdict(
  entry: EntryPointSpec,
  nameservers: Nameserver[],
  cluster: string,
): Promise<DnsVerdict> {
  const target = targetOf(entry, cluster);
  if (!target) return { state: 'clear' };
  try {
    const answers = await answersOf(entry, nameservers);
    return answers.has(target)
      ? { state: 'answers', target }
      : { state: 'clear' };
  } catch (error) {
    return {
      state: 'unasked',
      why: `${nameservers.map(serverOf).join(', ')} did not answer for ${
        entry.name
      }: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    };
  }
}
