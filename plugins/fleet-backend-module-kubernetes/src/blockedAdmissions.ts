/**
 * Admissions Kyverno refused. With `Deny`, Kyverno reports only passes for
 * what it let in: a refused resource never exists, so no report covers it.
 * What remains is the Event Kyverno writes on the policy (reason
 * `PolicyViolation`, action `Resource Blocked`, in `default` for a
 * cluster-wide policy, in the policy's namespace otherwise), whose `related`
 * names the refused resource and whose message reads
 * `<Kind> <ns>/<name>: [<rule>] fail (blocked); <message>`.
 */

/** An Event as the core/v1 API serves it (Kyverno writes events.k8s.io/v1). */
export interface KubeEvent {
  metadata?: { namespace?: string; creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  related?: { kind?: string; name?: string; namespace?: string };
  reason?: string;
  action?: string;
  message?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  eventTime?: string | null;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
}

export interface BlockedAdmission {
  /** The policy, `namespace/name` for a namespaced one (as in reports). */
  policy: string;
  rule?: string;
  /** `Kind/name` of the refused resource. */
  resource: string;
  namespace?: string;
  message: string;
  /** When it was last refused (ISO 8601). */
  at: string;
  /** How many times, as the Event counts repeats. */
  count: number;
}

/** `Deployment shop/api: [rule] fail (blocked); why` → its parts. */
const MESSAGE =
  /^(\w+) (?:([^/\s]+)\/)?([^:\s]+): (?:\[([^\]]*)\] )?\w+ \(blocked\)(?:; ([\s\S]*))?$/;

/** A refused admission from one Event, or undefined for any other Event. */
export function blockedAdmissionOf(
  event: KubeEvent,
): BlockedAdmission | undefined {
  if (event.reason !== 'PolicyViolation') return undefined;
  const parsed = MESSAGE.exec(event.message ?? '');
  if (event.action !== 'Resource Blocked' && !parsed) return undefined;
  const kind = event.related?.kind ?? parsed?.[1];
  const name = event.related?.name ?? parsed?.[3];
  if (!kind || !name) return undefined;
  const policyNamespace = event.involvedObject?.namespace;
  const policyName = event.involvedObject?.name ?? 'unknown policy';
  return {
    policy: policyNamespace ? `${policyNamespace}/${policyName}` : policyName,
    rule: parsed?.[4] || undefined,
    resource: `${kind}/${name}`,
    namespace: event.related?.namespace ?? parsed?.[2],
    message: parsed?.[5] ?? event.message ?? '',
    at:
      event.series?.lastObservedTime ??
      event.lastTimestamp ??
      event.eventTime ??
      event.metadata?.creationTimestamp ??
      '',
    count: event.series?.count ?? event.count ?? 1,
  };
}

/**
 * The refusals of the last `windowMs` that concern the entity: a resource
 * in its namespace (named after its workloads when it names them by
 * `backstage.io/kubernetes-id`), or its namespace itself. Newest first.
 */
export function blockedFor(
  events: KubeEvent[],
  entity: { namespace?: string; workloadName?: string },
  now: Date,
  windowMs: number,
): BlockedAdmission[] {
  const since = now.getTime() - windowMs;
  const concerns = (blocked: BlockedAdmission) => {
    const [kind, name] = blocked.resource.split('/');
    if (kind === 'Namespace') return name === entity.namespace;
    if (entity.namespace && blocked.namespace !== entity.namespace) {
      return false;
    }
    const id = entity.workloadName;
    return !id || name === id || name.startsWith(`${id}-`);
  };
  return events
    .flatMap(event => blockedAdmissionOf(event) ?? [])
    .filter(blocked => Date.parse(blocked.at) >= since && concerns(blocked))
    .sort((left, right) => right.at.localeCompare(left.at));
}
