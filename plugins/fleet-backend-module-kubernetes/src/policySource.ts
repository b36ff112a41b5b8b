import { Entity } from '@backstage/catalog-model';
import {
  BlockedAdmissions,
  PolicyCellData,
} from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';
import { blockedFor, KubeEvent } from './blockedAdmissions';
import { policyCell } from './policyCell';
import { exceptionsFor, PolicyExceptionObject } from './policyExceptions';
import { FleetSource } from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, NO_WORKLOADS, workloadSelector } from './selector';
import { OwnedObject, PolicyReportObject, resultsFor } from './policyReports';

/** How far back the column counts refused admissions. */
const BLOCKED_WINDOW_HOURS = 24;

/**
 * Kyverno's refusals that concern the entity, from the Events it writes on
 * its policies: in `default` (cluster-wide policies) and in the entity's
 * namespace (namespaced ones). A failure to read them is said in place of
 * the count; the reports' verdict stands on its own.
 */
async function blockedOn(
  reader: KubernetesProxyReader,
  cluster: string,
  entity: Entity,
  selector: { namespace?: string },
  signal: AbortSignal,
): Promise<BlockedAdmissions> {
  const namespaces = [...new Set(['default', selector.namespace ?? 'default'])];
  try {
    const events = (
      await Promise.all(
        namespaces.map(namespace =>
          reader.list<KubeEvent>(
            cluster,
            listPath('', 'events', {
              namespace,
              fieldSelector: 'reason=PolicyViolation',
            }),
            signal,
          ),
        ),
      )
    ).flat();
    const recent = blockedFor(
      events,
      {
        namespace: selector.namespace,
        workloadName: entity.metadata.annotations?.[annotations.kubernetesId],
      },
      new Date(),
      BLOCKED_WINDOW_HOURS * 3600_000,
    );
    return {
      windowHours: BLOCKED_WINDOW_HOURS,
      count: recent.reduce((sum, blocked) => sum + blocked.count, 0),
      recent: recent.slice(0, 5).map(({ namespace: _, ...blocked }) => blocked),
    };
  } catch (error) {
    return {
      windowHours: BLOCKED_WINDOW_HOURS,
      error: `Kyverno's events could not be read: ${(error as Error).message}`,
    };
  }
}

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
    upstream: 'Kubernetes API',
    order: 40,
    async read({ entity, cluster, signal }) {
      const selector = workloadSelector(entity);
      if (!selector.labelSelector) return NO_WORKLOADS;
      const [
        pods,
        replicaSets,
        deployments,
        services,
        reports,
        openReports,
        exceptions,
      ] = await Promise.all([
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
        reader.list<OwnedObject>(
          cluster.name,
          listPath('', 'services', selector),
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
        // Exceptions live where Kyverno is told to read them (often its
        // own namespace): list them cluster-wide; a cluster without CEL
        // exceptions serves none.
        reader.listIfServed<PolicyExceptionObject>(
          cluster.name,
          listPath('policies.kyverno.io/v1', 'policyexceptions', {}),
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
          ...services.map(service => ({ ...service, kind: 'Service' })),
        ],
      );
      return policyCell(
        results,
        await blockedOn(reader, cluster.name, entity, selector, signal),
        exceptionsFor(results, exceptions, new Date()),
      );
    },
  };
}
