import {
  KubernetesProbeData,
  WorkloadDeploymentData,
  WorkloadsCellData,
} from '@internal/plugin-fleet-common';
import { Config } from '@backstage/config';
import { FleetSourceReading, FleetSource } from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, PRODUCT_WORKLOADS } from './selector';
import { createEntityLists } from './entityLists';
import { RUNBOOKS } from '@internal/plugin-platform-common';

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

interface Deployment {
  metadata: Meta;
  spec?: { replicas?: number };
  status?: {
    readyReplicas?: number;
    replicas?: number;
    availableReplicas?: number;
  };
}
interface Pod {
  metadata: Meta;
  status?: {
    containerStatuses?: Array<{
      restartCount?: number;
      state?: { waiting?: { reason?: string } };
    }>;
  };
}
interface Hpa {
  metadata?: Meta;
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    maxReplicas?: number;
  };
  status?: { currentReplicas?: number };
}
/**
 * The part of an Argo Rollouts `Rollout` the workloads column counts
 * (argoproj/argo-rollouts pkg/apis/rollouts/v1alpha1/types.go): the
 * Deployment it takes its pod template from (`workloadRef`) and its own
 * replica counts.
 */
interface Rollout {
  metadata: Meta;
  spec?: {
    replicas?: number;
    workloadRef?: { apiVersion?: string; kind?: string; name?: string };
  };
  status?: {
    /** Non-terminated pods targeted by the Rollout (stable and canary). */
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    /** Non-terminated pods receiving active traffic: the scale subresource's. */
    HPAReplicas?: number;
  };
}

/** A cluster's product workloads, listed once for every product's cell. */
interface ClusterWorkloads {
  deployments: Deployment[];
  pods: Pod[];
  hpas: Hpa[];
  rollouts: Rollout[];
}

/** The Rollout that takes its pods from this Deployment (`workloadRef`), if any. */
function rolloutOf(
  deployment: Deployment,
  rollouts: readonly Rollout[],
): Rollout | undefined {
  return rollouts.find(rollout => {
    const ref = rollout.spec?.workloadRef;
    return (
      ref?.kind === 'Deployment' &&
      ref.name === deployment.metadata.name &&
      (ref.apiVersion ?? 'apps/v1') === 'apps/v1' &&
      rollout.metadata.namespace === deployment.metadata.namespace
    );
  });
}

/**
 * One service's numbers: its Rollout's when a Rollout references the
 * Deployment (Argo Rollouts scales that Deployment to 0 once the Rollout's
 * pods are up), else the Deployment's; and the HPA that scales whichever
 * holds the replicas.
 */
function serviceRow(
  deployment: Deployment,
  rollouts: readonly Rollout[],
  hpas: readonly Hpa[],
): WorkloadDeploymentData {
  const rollout = rolloutOf(deployment, rollouts);
  const scales = (kind: string, name: string) =>
    hpas.find(autoscaler => {
      const target = autoscaler.spec?.scaleTargetRef;
      return target?.kind === kind && target.name === name;
    });
  // The tenant's HPA scales the Rollout (infra/tenants/<product>/base);
  // one left on the Deployment still names the service's size.
  const hpa =
    (rollout && scales('Rollout', rollout.metadata.name)) ??
    scales('Deployment', deployment.metadata.name);
  const counts = rollout
    ? {
        ready: rollout.status?.readyReplicas ?? 0,
        desired: rollout.spec?.replicas ?? rollout.status?.replicas ?? 0,
        available: rollout.status?.availableReplicas,
        countedFrom: 'Rollout' as const,
        rollout: rollout.metadata.name,
      }
    : {
        ready: deployment.status?.readyReplicas ?? 0,
        desired: deployment.spec?.replicas ?? deployment.status?.replicas ?? 0,
        available: deployment.status?.availableReplicas,
      };
  return {
    name: deployment.metadata.name,
    ...counts,
    hpa: hpa
      ? {
          // An HPA on a Rollout reads its scale subresource, HPAReplicas.
          current:
            hpa.status?.currentReplicas ?? rollout?.status?.HPAReplicas ?? 0,
          max: hpa.spec?.maxReplicas ?? 0,
        }
      : undefined,
  };
}

/**
 * The workloads column: ready/desired per service (its Argo Rollouts
 * `Rollout`'s when one references the Deployment, else the Deployment's),
 * container restarts, crash-looping pods, and HPA current/max replicas —
 * the numbers N-1 headroom is computed from. A cluster's Deployments,
 * pods, HPAs and Rollouts are listed once (all namespaces,
 * `PRODUCT_WORKLOADS`) and kept for trinity.fleet.clusterReadSeconds; each
 * product's cell picks its own by namespace and label selector, so reads
 * do not grow with products.
 */
export function createWorkloadsSource(
  reader: Pick<KubernetesProxyReader, 'list' | 'listIfServed' | 'get'>,
  config: Config,
): FleetSource<WorkloadsCellData, KubernetesProbeData> {
  const listAll = async (
    cluster: string,
    signal: AbortSignal,
  ): Promise<ClusterWorkloads> => {
    const all = { labelSelector: PRODUCT_WORKLOADS };
    const [deployments, pods, hpas, rollouts] = await Promise.all([
      reader.list<Deployment>(
        cluster,
        listPath('apps/v1', 'deployments', all),
        signal,
      ),
      reader.list<Pod>(cluster, listPath('', 'pods', all), signal),
      reader.list<Hpa>(
        cluster,
        listPath('autoscaling/v2', 'horizontalpodautoscalers', all),
        signal,
      ),
      // The same list the rollout column reads (shared while in flight); a
      // cluster without Argo Rollouts has none.
      reader.listIfServed<Rollout>(
        cluster,
        listPath('argoproj.io/v1alpha1', 'rollouts', all),
        signal,
      ),
    ]);
    return { deployments, pods, hpas, rollouts };
  };
  const entityLists = createEntityLists(config, listAll);
  return {
    id: 'workloads',
    title: 'Workloads',
    upstream: 'Kubernetes API',
    order: 20,
    async probe({ cluster, signal }) {
      const started = Date.now();
      const version = await reader.get<{ gitVersion?: string }>(
        cluster.name,
        '/version',
        signal,
      );
      return kubernetesVersionCheck(
        cluster.kubernetesVersion,
        version.gitVersion,
        Date.now() - started,
      );
    },
    async read(request) {
      const read = await entityLists(request);
      if ('unknown' in read) return read.unknown;
      const { objects, lists } = read;
      const deployments = objects.pick(lists.deployments);
      const pods = objects.pick(lists.pods);
      const hpas = objects.pick(lists.hpas);
      const rollouts = objects.pick(lists.rollouts);
      if (deployments.length === 0) {
        return {
          status: 'unknown',
          summary: `no Deployment matches ${objects.labelSelector}`,
        };
      }
      const rows = deployments.map(deployment =>
        serviceRow(deployment, rollouts, hpas),
      );
      const containers = pods.flatMap(
        pod => pod.status?.containerStatuses ?? [],
      );
      const restarts = containers.reduce(
        (sum, container) => sum + (container.restartCount ?? 0),
        0,
      );
      const crashLooping = pods.filter(pod =>
        (pod.status?.containerStatuses ?? []).some(
          container => container.state?.waiting?.reason === 'CrashLoopBackOff',
        ),
      ).length;
      const totals = {
        ready: rows.reduce((sum, row) => sum + row.ready, 0),
        desired: rows.reduce((sum, row) => sum + row.desired, 0),
        restarts,
        crashLooping,
        hpaCurrent: rows.reduce(
          (sum, row) => sum + (row.hpa?.current ?? row.desired),
          0,
        ),
        hpaMax: rows.reduce(
          (sum, row) => sum + (row.hpa?.max ?? row.desired),
          0,
        ),
      };
      let status: 'ok' | 'warning' | 'critical' = 'ok';
      if (totals.ready < totals.desired) status = 'warning';
      if (crashLooping > 0 || (totals.desired > 0 && totals.ready === 0))
        status = 'critical';
      const parts = [
        `${totals.ready}/${totals.desired} ready`,
        `${restarts} restart${restarts === 1 ? '' : 's'}`,
        `HPA ${totals.hpaCurrent}/${totals.hpaMax}`,
      ];
      if (crashLooping > 0) parts.push(`${crashLooping} crash-looping`);
      return {
        status,
        summary: parts.join(' · '),
        runbook: status === 'ok' ? undefined : RUNBOOKS.workloadsUnready,
        data: { deployments: rows, totals },
      };
    },
  };
}

/**
 * The Kubernetes API answers; does it run the minor version the registry
 * says? A mismatch means an upgrade happened outside the ring process (or the
 * registry was not updated), which the cluster-upgrade runbook handles.
 */
export function kubernetesVersionCheck(
  registered: string | undefined,
  gitVersion: string | undefined,
  latencyMs: number,
): FleetSourceReading<KubernetesProbeData> {
  const live = gitVersion?.match(/^v?(\d+)\.(\d+)/);
  const liveMinor = live ? `${live[1]}.${live[2]}` : undefined;
  const data = { gitVersion, registered, latencyMs };
  if (registered && liveMinor && registered !== liveMinor) {
    return {
      status: 'warning',
      summary: `Kubernetes API answers with ${gitVersion}; the registry says ${registered}`,
      runbook: RUNBOOKS.versionSkew,
      data,
    };
  }
  return {
    status: 'ok',
    summary: `Kubernetes API answers (${
      gitVersion ?? 'version not reported'
    }, ${latencyMs} ms)`,
    data,
  };
}
