import { Entity } from '@backstage/catalog-model';
import {
  BlockedAdmissions,
  PolicyCellData,
} from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';
import { blockedFor, KubeEvent } from './blockedAdmissions';
import { policyCell } from './policyCell';
import { exceptionsFor, PolicyExceptionObject } from './policyExceptions';
import { Config } from '@backstage/config';
import { FleetSource } from '@internal/plugin-fleet-node';
import { createEntityLists } from './entityLists';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, PRODUCT_WORKLOADS } from './selector';
import { OwnedObject, PolicyReportObject, resultsFor } from './policyReports';

/** How far back the column counts refused admissions. */
const BLOCKED_WINDOW_HOURS = 24;

/**
 * Kyverno's refusals that concern the entity, from the Events it writes on
 * its policies: in `default` (cluster-wide policies) and in the entity's
 * namespace (namespaced ones). A failure to read them is said in place of
 * the count; the reports' verdict stands on its own.
 */
function blockedOn(
  events: KubeEvent[] | Error,
  entity: Entity,
  selector: { namespace?: string },
): BlockedAdmissions {
  if (events instanceof Error) {
    return {
      windowHours: BLOCKED_WINDOW_HOURS,
      error: `Kyverno's events could not be read: ${events.message}`,
    };
  }
  const namespaces = new Set(['default', selector.namespace ?? 'default']);
  const recent = blockedFor(
    events.filter(event => namespaces.has(event.metadata?.namespace ?? '')),
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
}

/** What the policy column lists on a cluster, once for every product. */
interface ClusterPolicyLists {
  workloads: Labelled[];
  reports: PolicyReportObject[];
  exceptions: PolicyExceptionObject[];
  /** Kyverno's refusals, or why they could not be read. */
  events: KubeEvent[] | Error;
}

type Labelled = OwnedObject & {
  metadata: OwnedObject['metadata'] & { labels?: Record<string, string> };
};

async function listCluster(
  reader: KubernetesProxyReader,
  cluster: string,
  signal: AbortSignal,
): Promise<ClusterPolicyLists> {
  const products = { labelSelector: PRODUCT_WORKLOADS };
  const kinds: Array<[string, string, string]> = [
    ['', 'pods', 'Pod'],
    ['apps/v1', 'replicasets', 'ReplicaSet'],
    ['apps/v1', 'deployments', 'Deployment'],
    ['', 'services', 'Service'],
  ];
  const [workloads, reports, openReports, exceptions, events] =
    await Promise.all([
      Promise.all(
        kinds.map(async ([group, resource, kind]) =>
          // A list item carries no kind; the path it came from says it.
          (
            await reader.list<Labelled>(
              cluster,
              listPath(group, resource, products),
              signal,
            )
          ).map(object => ({ ...object, kind })),
        ),
      ).then(lists => lists.flat()),
      reader.list<PolicyReportObject>(
        cluster,
        listPath('wgpolicyk8s.io/v1alpha2', 'policyreports', {}),
        signal,
      ),
      // Written instead of PolicyReports when Kyverno's openreports
      // option is on; a cluster without the CRD serves none.
      reader.listIfServed<PolicyReportObject>(
        cluster,
        listPath('openreports.io/v1alpha1', 'reports', {}),
        signal,
      ),
      // Exceptions live where Kyverno is told to read them (often its
      // own namespace); a cluster without CEL exceptions serves none.
      reader.listIfServed<PolicyExceptionObject>(
        cluster,
        listPath('policies.kyverno.io/v1', 'policyexceptions', {}),
        signal,
      ),
      reader
        .list<KubeEvent>(
          cluster,
          listPath('', 'events', { fieldSelector: 'reason=PolicyViolation' }),
          signal,
        )
        .catch((error: Error) => error),
    ]);
  return {
    workloads,
    reports: [...reports, ...openReports],
    exceptions,
    events,
  };
}

/**
 * The policy column: Kyverno's report results for the entity's own workloads
 * (policyReports.ts says which shapes and how they are matched) — counts by
 * result and severity, and the failing policies with their category,
 * resources and messages. A cluster's workloads, reports, exceptions and
 * Kyverno's events are listed once (all namespaces) and kept for
 * trinity.fleet.clusterReadSeconds; each product's cell picks its own.
 */
export function createPolicySource(
  reader: KubernetesProxyReader,
  config: Config,
): FleetSource<PolicyCellData> {
  const entityLists = createEntityLists(
    config,
    (cluster: string, signal: AbortSignal): Promise<ClusterPolicyLists> =>
      listCluster(reader, cluster, signal),
  );
  return {
    id: 'policy',
    title: 'Policy',
    upstream: 'Kubernetes API',
    order: 40,
    async read(request) {
      const read = await entityLists(request);
      if ('unknown' in read) return read.unknown;
      const { objects, lists } = read;
      const results = resultsFor(
        lists.reports.filter(report =>
          objects.inNamespace(report.metadata?.namespace),
        ),
        objects.pick(lists.workloads),
      );
      return policyCell(
        results,
        blockedOn(lists.events, request.entity, objects),
        exceptionsFor(results, lists.exceptions, new Date()),
      );
    },
  };
}
