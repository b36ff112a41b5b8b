/**
 * Kyverno PolicyExceptions in their CEL form (policies.kyverno.io/v1): an
 * exception names the policies it exempts (`policyRefs`), the requests it
 * covers (`matchConditions`), when it ends (`expiresAt`, which Kyverno
 * itself honours: pkg/cel/engine/exception.go skips expired ones) and, in
 * `properties`, why, under which ticket and who approved it.
 */
export interface PolicyException {
  apiVersion: string;
  kind: 'PolicyException';
  metadata: { name: string; namespace?: string };
  spec: {
    policyRefs: Array<{ name: string; kind: string }>;
    matchConditions?: Array<{ name: string; expression: string }>;
    expiresAt?: string;
    properties?: Record<string, string>;
    reportResult?: 'skip' | 'pass';
  };
}

/** The properties the platform requires on every exception (docs/policy.md). */
export const REQUIRED_PROPERTIES = ['reason', 'ticket', 'approved-by'] as const;

/** Longest an exception may be granted for. */
export const MAX_EXCEPTION_DAYS = 90;

export const isExpired = (exception: PolicyException, now = new Date()) =>
  exception.spec.expiresAt !== undefined &&
  Date.parse(exception.spec.expiresAt) <= now.getTime();

/** The exceptions in force that name a policy. */
export function exceptionsFor(
  exceptions: PolicyException[],
  policy: { kind: string; metadata: { name: string } },
  now = new Date(),
): PolicyException[] {
  return exceptions.filter(
    e =>
      !isExpired(e, now) &&
      (e.spec.policyRefs ?? []).some(
        r => r.name === policy.metadata.name && r.kind === policy.kind,
      ),
  );
}

/**
 * Why an exception may not be merged, or nothing: it names policies that
 * exist, says why, under which ticket and who approved it, and ends within
 * MAX_EXCEPTION_DAYS. An expired one fails too, so it is removed or
 * renewed in review rather than left behind doing nothing.
 */
export function exceptionProblems(
  exception: PolicyException,
  policies: Array<{ kind: string; metadata: { name: string } }>,
  now = new Date(),
): string[] {
  const problems: string[] = [];
  for (const ref of exception.spec.policyRefs ?? []) {
    if (
      !policies.some(p => p.kind === ref.kind && p.metadata.name === ref.name)
    )
      problems.push(`no ${ref.kind} ${ref.name} exists`);
  }
  for (const key of REQUIRED_PROPERTIES) {
    if (!exception.spec.properties?.[key]?.trim())
      problems.push(`spec.properties.${key} is missing`);
  }
  const expires = Date.parse(exception.spec.expiresAt ?? '');
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const latest = now.getTime() + MAX_EXCEPTION_DAYS * 86_400_000;
  if (Number.isNaN(expires)) {
    problems.push(
      'spec.expiresAt must be an RFC 3339 time: an exception is temporary',
    );
  } else if (expires <= now.getTime()) {
    problems.push(
      `expired on ${day(expires)}: renew it in review or remove it`,
    );
  } else if (expires > latest) {
    problems.push(
      `expires on ${day(
        expires,
      )}, more than ${MAX_EXCEPTION_DAYS} days from ${day(now.getTime())}`,
    );
  }
  return problems;
}
