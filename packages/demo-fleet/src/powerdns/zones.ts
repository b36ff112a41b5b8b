/**
 * PowerDNS Authoritative's zone model, as far as its HTTP API shows it:
 * zones of rrsets, each with records, a serial bumped on every change.
 */
export interface DnsRecord {
  content: string;
  disabled: boolean;
}

export interface RRSet {
  name: string;
  type: string;
  ttl: number;
  records: DnsRecord[];
  comments: unknown[];
}

export interface Zone {
  name: string;
  kind: 'Native' | 'Master' | 'Slave';
  serial: number;
  rrsets: RRSet[];
}

/** A change the API refuses, with the status and body PowerDNS answers with. */
export class ZoneError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** PowerDNS answers some failures in plain text, others as `{error}`. */
    readonly plain = false,
  ) {
    super(message);
  }
}

export const isCanonical = (name: string) => name.endsWith('.');

export function inZone(name: string, zone: string) {
  return name === zone || name.endsWith(`.${zone}`);
}

/** PowerDNS starts API-edited serials at YYYYMMDD01 and increments them. */
export function nextSerial(current: number, now: Date) {
  const day =
    Number(now.toISOString().slice(0, 10).replace(/-/g, '')) * 100 + 1;
  return Math.max(current + 1, day);
}

const ipv4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Record content checks for the types entry points use; others pass through. */
export function checkContent(name: string, type: string, content: string) {
  const fail = (why: string) =>
    new ZoneError(
      422,
      `Record ${name}/${type} '${content}': Parsing record content (try 'pdnsutil check-zone'): ${why}`,
    );
  if (type === 'A' && !ipv4.test(content)) {
    throw fail(
      `while parsing IP address, expected digits at position 0 in '${content}'`,
    );
  }
  if (type === 'AAAA' && !/^[0-9a-fA-F:]+$/.test(content)) {
    throw fail(`while parsing IPv6 address in '${content}'`);
  }
  if (type === 'CNAME' && !isCanonical(content)) {
    throw new ZoneError(
      422,
      `Record ${name}/${type} '${content}': Not in expected format (parsed as '${content}.')`,
    );
  }
}

export function soaContent(zone: string, serial: number) {
  return `a.misconfigured.dns.server.invalid. hostmaster.${zone} ${serial} 10800 3600 604800 3600`;
}

/** The rrsets a new zone starts with: its SOA, and NS when nameservers are given. */
export function apexRRSets(
  zone: string,
  serial: number,
  nameservers: string[],
): RRSet[] {
  const apex = (type: string, contents: string[]): RRSet => ({
    comments: [],
    name: zone,
    records: contents.map(content => ({ content, disabled: false })),
    ttl: 3600,
    type,
  });
  return [
    apex('SOA', [soaContent(zone, serial)]),
    ...(nameservers.length ? [apex('NS', nameservers)] : []),
  ];
}
