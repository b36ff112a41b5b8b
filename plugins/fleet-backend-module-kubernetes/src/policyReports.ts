/**
 * Kyverno's reports, in the shapes Kyverno writes them, matched to the
 * workloads of one entity.
 *
 * - Kyverno (1.10 and later) writes one report per resource: a namespaced
 *   `PolicyReport` (`wgpolicyk8s.io/v1alpha2`) whose `scope` names the
 *   resource, and whose results carry no `resources`.
 * - With openreports on, it writes `openreports.io/v1alpha1` `Report`s of
 *   the same shape instead.
 * - Older Kyverno, and tools that aggregate (policy-reporter), write a report
 *   per namespace or policy whose results name their `resources`.
 *
 * A result belongs to the entity when the resource it is about (its own
 * `resources`, else the report's `scope`) is one of the entity's workloads
 * or is owned by one (a ReplicaSet or Pod of its Deployment).
 */

/** The reference Kyverno puts in `scope` and `results[].resources`. */
export interface ReportedObject {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
}

export type ReportResultValue = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface ReportResult {
  policy: string;
  rule?: string;
  result: ReportResultValue;
  severity?: string;
  category?: string;
  message?: string;
  source?: string;
  resources?: ReportedObject[];
  /** Kyverno's extras: `process`, and `exceptions` (names, comma-separated) on a result an exception skipped. */
  properties?: Record<string, string>;
}

export interface PolicyReportObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  scope?: ReportedObject;
  results?: ReportResult[];
}

/** A workload of the entity, as the Kubernetes API lists it. */
export interface OwnedObject {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string }>;
  };
}

/** One result, with the resource it is about as `Kind/name`. */
export interface MatchedResult extends ReportResult {
  resource: string;
}

const keyOf = (kind?: string, name?: string) => `${kind}/${name}`;
const namespacedKeyOf = (kind?: string, namespace?: string, name?: string) =>
  `${kind}/${namespace}/${name}`;

/**
 * The keys (`Kind/name` and uids) that stand for the entity's workloads:
 * the objects its selector lists and, through their owner references, the
 * controllers they belong to (a Pod's ReplicaSet, whose labels need not
 * match the selector) — so reports scoped to any of them count.
 */
function identities(objects: OwnedObject[]) {
  const keys = new Set<string>();
  const uids = new Set<string>();
  const add = (kind: string, name: string, namespace?: string) => {
    keys.add(keyOf(kind, name));
    keys.add(namespacedKeyOf(kind, namespace, name));
  };
  for (const { kind, metadata } of objects) {
    add(kind, metadata.name, metadata.namespace);
    if (metadata.uid) uids.add(metadata.uid);
    // An owner is in its object's namespace.
    for (const owner of metadata.ownerReferences ?? []) {
      add(owner.kind, owner.name, metadata.namespace);
      if (owner.uid) uids.add(owner.uid);
    }
  }
  return {
    has(reported: ReportedObject) {
      // A uid decides when both sides have them: a report about an earlier
      // object of the same name (deleted, recreated) is not about ours.
      if (reported.uid && uids.size > 0) return uids.has(reported.uid);
      // Otherwise by name, and by namespace when the report says it.
      return keys.has(
        reported.namespace
          ? namespacedKeyOf(reported.kind, reported.namespace, reported.name)
          : keyOf(reported.kind, reported.name),
      );
    },
  };
}

/** Every result of these reports that is about one of the entity's workloads. */
export function resultsFor(
  reports: PolicyReportObject[],
  objects: OwnedObject[],
): MatchedResult[] {
  const ours = identities(objects);
  return reports.flatMap(report =>
    (report.results ?? []).flatMap(result => {
      const about = result.resources?.length
        ? result.resources
        : [report.scope].filter((scope): scope is ReportedObject => !!scope);
      return about
        .filter(reported => ours.has(reported))
        .map(reported => ({
          ...result,
          resource: keyOf(reported.kind, reported.name),
        }));
    }),
  );
}
