import { PolicyCellData } from '@internal/plugin-fleet-common';
import { policyCell } from './policyCell';
import { FleetSource } from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, NO_WORKLOADS, workloadSelector } from './selector';
import { OwnedObject, PolicyReportObject, resultsFor } from './policyReports';

/**
 * The policy column: Kyverno's report results for the entity's own workloads
 * (policyReports.ts says which shapes and how they are matched) — counts by
 * result and severity, and the failing policies with their category,
 * resources and messages.
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
      const [pods, replicaSets, deployments, reports, openReports] =
        await Promise.all([
          reader.list<OwnedObject>(
            cluster.name,
            listPath('', 'pods', selector),
            signal,
          ),
          reader.list<OwnedObject>(
            cluster.name,
            listPath('apps/v1', 'replicasets', selector),
            signal,
          ),
          reader.list<OwnedObject>(
            cluster.name,
            listPath('apps/v1', 'deployments', selector),
            signal,
          ),
          reader.list<PolicyReportObject>(
            cluster.name,
            listPath('wgpolicyk8s.io/v1alpha2', 'policyreports', {
              namespace: selector.namespace,
            }),
            signal,
          ),
          // Written instead of PolicyReports when Kyverno's openreports
          // option is on; a cluster without the CRD serves none.
          reader.listIfServed<PolicyReportObject>(
            cluster.name,
            listPath('openreports.io/v1alpha1', 'reports', {
              namespace: selector.namespace,
            }),
            signal,
          ),
        ]);
      // A list item carries no kind; the path it came from says it.
      const results = resultsFor(
        [...reports, ...openReports],
        [
          ...pods.map(pod => ({ ...pod, kind: 'Pod' })),
          ...replicaSets.map(set => ({ ...set, kind: 'ReplicaSet' })),
          ...deployments.map(deployment => ({
            ...deployment,
            kind: 'Deployment',
          })),
        ],
      );
      return policyCell(results);
    },
  };
}
