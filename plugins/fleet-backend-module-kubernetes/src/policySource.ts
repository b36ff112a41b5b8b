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
        ...pods.map(p => `Pod/${p.metadata.name}`),
        ...deployments.map(d => `Deployment/${d.metadata.name}`),
      ]);
      const results = reports
        .flatMap(r => r.results ?? [])
        .filter(r =>
          (r.resources ?? []).some(res => ours.has(`${res.kind}/${res.name}`)),
        );
      const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      const bySeverity: Record<string, number> = {};
      for (const r of results) {
        counts[r.result] += 1;
        if (r.result === 'fail')
          bySeverity[r.severity ?? 'unset'] =
            (bySeverity[r.severity ?? 'unset'] ?? 0) + 1;
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
      for (const r of results.filter(
        x => x.result === 'fail' || x.result === 'error',
      )) {
        const entry = failing.get(r.policy) ?? {
          policy: r.policy,
          severity: r.severity,
          message: r.message,
          resources: [],
        };
        entry.resources.push(
          ...(r.resources ?? []).map(x => `${x.kind}/${x.name}`),
        );
        failing.set(r.policy, entry);
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
        results.some(r => r.result === 'fail' && serious.has(r.severity ?? ''))
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
