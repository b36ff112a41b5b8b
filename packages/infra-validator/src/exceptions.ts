import { labelsOf, Manifest, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/**
 * Policy exceptions (docs/policy.md). A tenant namespace labelled
 * `exceptions.trinity.io/<policy>` (the policy's name without `trinity-`)
 * is left out of that policy's binding. The label's value names the
 * ticket; the annotations `exceptions.trinity.io/<policy>.reason` and
 * `.expires` (a date) say why and until when.
 */
export const EXCEPTION_PREFIX = 'exceptions.trinity.io/';

/** Longest an exception may be granted for. */
export const MAX_EXCEPTION_DAYS = 90;

/** The policies (by name) a namespace's labels except it from. */
export function exceptedPolicies(namespace?: Json): Set<string> {
  const labels = (namespace ? labelsOf(namespace) : {}) ?? {};
  return new Set(
    Object.keys(labels)
      .filter(k => k.startsWith(EXCEPTION_PREFIX))
      .map(k => `trinity-${k.slice(EXCEPTION_PREFIX.length)}`),
  );
}

/**
 * Every exception names a policy that exists, has a reason, and expires on
 * a date between today and MAX_EXCEPTION_DAYS from now: an exception is
 * temporary by construction, and an expired one fails CI until it is
 * removed or renewed in review.
 */
export function checkExceptions(
  manifests: Manifest[],
  policyNames: Set<string>,
  problems: Problems,
  today = new Date(),
) {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const latest = new Date(today.getTime() + MAX_EXCEPTION_DAYS * 86_400_000);
  for (const m of manifests.filter(x => x.object.kind === 'Namespace')) {
    const annotations = ((m.object.metadata as Json)?.annotations ??
      {}) as Record<string, string>;
    for (const policy of exceptedPolicies(m.object)) {
      const key = `${EXCEPTION_PREFIX}${policy.slice('trinity-'.length)}`;
      const at = where(m, `/metadata/labels/${key.replace('/', '~1')}`);
      const fail = (reason: string) =>
        problems.add(
          m.file,
          at,
          `exception ${key} of namespace ${nameOf(m.object)}: ${reason}`,
        );
      if (!policyNames.has(policy)) {
        fail(`no policy ${policy} exists`);
        continue;
      }
      if (!annotations[`${key}.reason`]?.trim()) {
        fail(`annotation ${key}.reason is missing`);
      }
      const expires = annotations[`${key}.expires`];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(expires ?? '')) {
        fail(`annotation ${key}.expires must be a date (YYYY-MM-DD)`);
      } else if (expires < day(today)) {
        fail(`expired on ${expires}: renew it in review or remove it`);
      } else if (expires > day(latest)) {
        fail(
          `expires on ${expires}, more than ${MAX_EXCEPTION_DAYS} days from ${day(
            today,
          )}`,
        );
      }
    }
  }
}
