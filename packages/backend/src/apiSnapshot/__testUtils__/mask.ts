/*
 * What legitimately differs between two runs of the same backend on the
 * same demo fleet, replaced by placeholders so that the rest of an answer
 * can be compared byte for byte. One place for every rule: by key first
 * (the value is replaced whatever it is), then by pattern inside every
 * string that is left.
 */

/** Where this run's absolute paths and clock start. */
export interface MaskContext {
  /** The monorepo root: `<repo>` in every string. */
  repoRoot: string;
  /** This run's temporary directories (forge, checkouts): `<tmp>`. */
  tempDirs: string[];
  /**
   * The demo fleet's pinned clock. An ISO time after it was made by the
   * backend's own clock during the run (`<time>`); one at or before it is
   * the seeded fleet's data (a deploy, a sync) and the same on every run,
   * so it stays.
   */
  demoNow: Date;
}

/**
 * By key, whatever the value:
 * - `fetchedAt`, `generatedAt`, `createdAt`, `updatedAt`: when the backend
 *   read, built or wrote something — the wall clock of the run.
 * - `uid`, `etag`: the catalog's per-database entity id and per-stitch hash.
 * - `latencyMs`: how long an upstream took to answer.
 * - `port`: a listening port.
 * - `expired`: whether a Kyverno exception has expired, judged by the
 *   portal's wall clock against an expiry the demo fleet sets from its
 *   pinned clock.
 * - any `…ageSeconds`/`…ageMs` (`age`, `ageSeconds`, `lastChangeAgeMs` …):
 *   how long ago something happened, by the wall clock.
 * - `budgetRemaining`, and each window of `burnRates`: what the cluster's
 *   real Prometheus computed from the requests its services served, which
 *   depends on the second it was read (the 5m window of a baseline of one
 *   failure in 2,000 holds one failure or none). The verdict (`status`,
 *   `firing`) and the windows read stay.
 */
const MASKED_KEYS = new Map<string, string>([
  ['fetchedAt', '<time>'],
  ['generatedAt', '<time>'],
  ['createdAt', '<time>'],
  ['updatedAt', '<time>'],
  ['uid', '<uid>'],
  ['etag', '<etag>'],
  ['latencyMs', '<ms>'],
  ['port', '<port>'],
  ['expired', '<by the wall clock>'],
  ['budgetRemaining', '<ratio>'],
]);
const AGE_KEY = /(^a|A)ge(Seconds|Ms)?$/;

/**
 * `version` is the traffic API's compare-and-set token, a digest of the
 * provider's records (which hold the health-check port): masked when it is
 * a hex digest, so an upstream's release version (Argo CD's
 * `v2.14.11+demo`) stays.
 */
const CAS_VERSION = /^[0-9a-f]{8,64}$/;

/** Patterns inside strings, in this order. */
const UUID =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
/**
 * A full git commit id: the forge's commits carry the time they were made.
 * The demo fleet's short revisions (`e00c65c`) come from its seed, are the
 * same on every run and say which revision a view shows: they stay.
 */
const COMMIT = /\b[0-9a-f]{40}\b/g;
const ISO_TIME =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})\b/g;
/** `host:port` with an IPv4 address, `localhost` or a dotted name as host. */
const HOST_PORT =
  /\b((?:\d{1,3}\.){3}\d{1,3}|localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}):\d{2,5}\b/gi;
/** Latency in prose: `(4 ms)`, `took 12.5ms`. */
const MILLIS = /\b\d+(\.\d+)? ?ms\b/g;
/** An age in prose: `12 s ago`, `3s ago`. */
const SECONDS_AGO = /\b\d+(\.\d+)? ?s ago\b/g;
/** A burn rate in prose, measured as above: `fastest burn 0.5×`, `50x over 1h`. */
const BURN = /\b\d+(\.\d+)?(×|x(?= over))/g;

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function maskString(text: string, context: MaskContext): string {
  let out = text;
  // Longest first: a temp dir could sit under the repo root or the other way.
  const paths = [
    ...context.tempDirs.map(dir => ({ dir, placeholder: '<tmp>' })),
    { dir: context.repoRoot, placeholder: '<repo>' },
  ].sort((a, b) => b.dir.length - a.dir.length);
  for (const { dir, placeholder } of paths) {
    if (dir) out = out.replace(new RegExp(escapeRegExp(dir), 'g'), placeholder);
  }
  return out
    .replace(UUID, '<uuid>')
    .replace(COMMIT, '<commit>')
    .replace(ISO_TIME, time =>
      Date.parse(time) > context.demoNow.getTime() ? '<time>' : time,
    )
    .replace(HOST_PORT, '$1:<port>')
    .replace(MILLIS, '<n> ms')
    .replace(SECONDS_AGO, '<n> s ago')
    .replace(BURN, '<n>$2');
}

/**
 * A copy of an API answer with what varies between runs masked (see the
 * rules above). Arrays keep their order: an API's order is part of its
 * answer; the test sorts the few whose order is not.
 */
export function mask(value: unknown, context: MaskContext): unknown {
  if (typeof value === 'string') return maskString(value, context);
  if (Array.isArray(value)) return value.map(v => mask(v, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        const placeholder = MASKED_KEYS.get(key);
        if (placeholder && v !== undefined && v !== null) {
          return [key, placeholder];
        }
        if (AGE_KEY.test(key) && typeof v === 'number') return [key, '<age>'];
        if (key === 'burnRates' && v && typeof v === 'object') {
          return [
            key,
            Object.fromEntries(
              Object.keys(v).map(window => [window, '<burn>']),
            ),
          ];
        }
        // 0.999 as Prometheus computes it from Sloth's 99.9 (0.9990000000000001).
        if (key === 'objective' && typeof v === 'number') {
          return [key, Number(v.toPrecision(12))];
        }
        if (key === 'version' && typeof v === 'string' && CAS_VERSION.test(v)) {
          return [key, '<version>'];
        }
        return [key, mask(v, context)];
      }),
    );
  }
  return value;
}
