import {
  BlockedAdmissions,
  PolicyCellData,
} from '@internal/plugin-fleet-common';
import { FleetSourceReading } from '@internal/plugin-fleet-node';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import { MatchedResult } from './policyReports';

/** A failure at these severities makes the cell critical; others warn. */
const serious = new Set(['high', 'critical']);

/**
 * The policy cell from the results about the entity's workloads: counts by
 * result, failures by severity, the failing policies (with category,
 * message and the resources they failed on), and a status — critical for a
 * high or critical failure, warning for any other failure, warning or error,
 * unknown when no report covers the workloads. The exceptions that skipped
 * policies here are listed (they do not change the status: a granted
 * exception is not a failure).
 */
export function policyCell(
  results: MatchedResult[],
  blocked?: BlockedAdmissions,
  exceptions: NonNullable<PolicyCellData['exceptions']> = [],
): FleetSourceReading<PolicyCellData> {
  const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  const bySeverity: Record<string, number> = {};
  for (const result of results) {
    counts[result.result] += 1;
    if (result.result === 'fail')
      bySeverity[result.severity ?? 'unset'] =
        (bySeverity[result.severity ?? 'unset'] ?? 0) + 1;
  }
  const failing = new Map<string, PolicyCellData['failing'][number]>();
  for (const failure of results.filter(
    result => result.result === 'fail' || result.result === 'error',
  )) {
    const entry = failing.get(failure.policy) ?? {
      policy: failure.policy,
      severity: failure.severity,
      category: failure.category,
      message: failure.message,
      resources: [],
    };
    if (!entry.resources.includes(failure.resource)) {
      entry.resources.push(failure.resource);
    }
    failing.set(failure.policy, entry);
  }
  const refused = blocked && 'count' in blocked ? blocked.count : 0;
  const blockedNote = `${
    refused ? ` · ${refused} blocked in ${blocked!.windowHours} h` : ''
  }${exceptions.length ? ` · ${exceptions.length} excepted` : ''}`;
  if (results.length === 0) {
    return {
      status: 'unknown',
      summary: `no policy report covers these workloads${blockedNote}`,
    };
  }
  let status: 'ok' | 'warning' | 'critical' = 'ok';
  // A refused admission is a rollout that did not happen: worth a look.
  if (counts.fail + counts.warn + counts.error > 0 || refused > 0) {
    status = 'warning';
  }
  if (
    results.some(
      result => result.result === 'fail' && serious.has(result.severity ?? ''),
    )
  )
    status = 'critical';
  const verdict =
    counts.fail + counts.warn + counts.error === 0
      ? `${counts.pass} passed`
      : `${counts.fail} failed, ${counts.warn} warned · ${
          [...failing.keys()].join(', ') || 'warnings only'
        }`;
  return {
    status,
    summary: `${verdict}${blockedNote}`,
    runbook: status === 'ok' ? undefined : RUNBOOKS.policyViolations,
    data: {
      counts,
      bySeverity,
      failing: [...failing.values()],
      ...(blocked ? { blocked } : {}),
      ...(exceptions.length ? { exceptions } : {}),
    },
  };
}
