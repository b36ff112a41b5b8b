import { PolicyCellData } from '@internal/plugin-fleet-common';
import { FleetSource } from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, NO_WORKLOADS, workloadSelector } from './selector';
import { RUNBOOKS } from '@internal/plugin-platform-common';

interface PolicyResult {
  policy: string;
  rule?: string;
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  severity?: string;
  message?: string;
  resources?: Array<{ kind?: string; name?: string; namespace?: string }>;
}
interface PolicyReport {
  results?: PolicyResult[];
}

const serious = new Set(['high', 'critical']);

/**
 * The policy column: Kyverno's PolicyReport results (wgpolicyk8s.io/v1alpha2)
 * for the entity's own workloads — counts by result and severity, and the
 * failing policies with their resources and messages.
 */
export function createPolicySource(
  reader: KubernetesProxyReader,
): FleetSource<PolicyCellData> {
  return {
    id: 'policy',
    title: 'Policy',
    order: 40,
    async read({ entity, cluster, signal }) {
      const selector = workloadSelector(entity);
      if (!selector.labelSelector) return NO_WORKLOADS;
      const [pods, deployments, reports] = await Promise.all([
        reader.list<{ metadata: { name: string } }>(
          cluster.name,
          listPath('', 'pods', selector),
          signal,
        ),
        reader.list<{ metadata: { name: string } }>(
          cluster.name,
          listPath('apps/v1', 'deployments', selector),
          signal,
        ),
        // Reports are per resource or per namespace; match them to our objects by name.
        reader.list<PolicyReport>(
          cluster.name,
          listPath('wgpolicyk8s.io/v1alpha2', 'policyreports', {
            namespace: selector.namespace,
          }),
          signal,
        ),
      ]);
      const ours = new Set([
        ...pods.map(pod => `Pod/${pod.metadata.name}`),
        ...deployments.map(
          deployment => `Deployment/${deployment.metadata.name}`,
        ),
      ]);
      const results = reports
        .flatMap(report => report.results ?? [])
        .filter(result =>
          (result.resources ?? []).some(res =>
            ours.has(`${res.kind}/${res.name}`),
          ),
        );
      const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      const bySeverity: Record<string, number> = {};
      for (const result of results) {
        counts[result.result] += 1;
        if (result.result === 'fail')
          bySeverity[result.severity ?? 'unset'] =
            (bySeverity[result.severity ?? 'unset'] ?? 0) + 1;
      }
      const failing = new Map<
        string,
        {
          policy: string;
          severity?: string;
          message?: string;
          resources: string[];
        }
      >();
      for (const failure of results.filter(
        result => result.result === 'fail' || result.result === 'error',
      )) {
        const entry = failing.get(failure.policy) ?? {
          policy: failure.policy,
          severity: failure.severity,
          message: failure.message,
          resources: [],
        };
        entry.resources.push(
          ...(failure.resources ?? []).map(
            resource => `${resource.kind}/${resource.name}`,
          ),
        );
        failing.set(failure.policy, entry);
      }
      if (results.length === 0) {
        return {
          status: 'unknown',
          summary: 'no policy report covers these workloads',
        };
      }
      let status: 'ok' | 'warning' | 'critical' = 'ok';
      if (counts.fail + counts.warn + counts.error > 0) status = 'warning';
      if (
        results.some(
          result =>
            result.result === 'fail' && serious.has(result.severity ?? ''),
        )
      )
        status = 'critical';
      const summary =
        status === 'ok'
          ? `${counts.pass} passed`
          : `${counts.fail} failed, ${counts.warn} warned · ${
              [...failing.keys()].join(', ') || 'warnings only'
            }`;
      return {
        status,
        summary,
        runbook: status === 'ok' ? undefined : RUNBOOKS.policyViolations,
        data: { counts, bySeverity, failing: [...failing.values()] },
      };
    },
  };
}
