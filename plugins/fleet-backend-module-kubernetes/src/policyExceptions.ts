/**
 * The Kyverno exceptions that cover an entity's workloads. Kyverno reports
 * a result an exception skipped as `skip` with the exception's name in
 * `properties.exceptions` (pkg/utils/report/results.go); the exception
 * itself (policies.kyverno.io PolicyException) says why, under which
 * ticket, who approved it and when it expires.
 */
import { PolicyCellData } from '@internal/plugin-fleet-common';
import { MatchedResult } from './policyReports';

/** A PolicyException as the Kubernetes API lists it. */
export interface PolicyExceptionObject {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    policyRefs?: Array<{ name?: string; kind?: string }>;
    expiresAt?: string;
    properties?: Record<string, string>;
  };
}

export type CoveringException = NonNullable<
  PolicyCellData['exceptions']
>[number];

/** The exceptions named by skipped results, with what their objects say. */
export function exceptionsFor(
  results: MatchedResult[],
  objects: PolicyExceptionObject[],
  now: Date,
): CoveringException[] {
  const byName = new Map<string, CoveringException>();
  for (const result of results) {
    if (result.result !== 'skip') continue;
    const names = (result.properties?.exceptions ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    for (const name of names) {
      const object = objects.find(
        candidate => candidate.metadata?.name === name,
      );
      const entry = byName.get(name) ?? {
        name,
        policies: [],
        resources: [],
        ...detailsOf(object, now),
      };
      if (!entry.policies.includes(result.policy))
        entry.policies.push(result.policy);
      if (!entry.resources.includes(result.resource))
        entry.resources.push(result.resource);
      byName.set(name, entry);
    }
  }
  return [...byName.values()];
}

function detailsOf(object: PolicyExceptionObject | undefined, now: Date) {
  if (!object) return { found: false };
  const properties = object.spec?.properties ?? {};
  const expiresAt = object.spec?.expiresAt;
  return {
    found: true,
    ...(object.metadata?.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    ...(properties.reason ? { reason: properties.reason } : {}),
    ...(properties.ticket ? { ticket: properties.ticket } : {}),
    ...(properties['approved-by']
      ? { approvedBy: properties['approved-by'] }
      : {}),
    ...(expiresAt
      ? { expiresAt, expired: Date.parse(expiresAt) <= now.getTime() }
      : {}),
  };
}
