import {
  KubernetesProbeData,
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
  status?: { readyReplicas?: number; replicas?: number };
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
  spec?: { scaleTargetRef?: { name?: string }; maxReplicas?: number };
  status?: { currentReplicas?: number };
}

/** A cluster's product workloads, listed once for every product's cell. */
interface ClusterWorkloads {
  deployments: Deployment[];
  pods: Pod[];
  hpas: Hpa[];
}

/**
 * The workloads column: ready/desired per Deployment, container restarts,
 * crash-looping pods, and HPA current/max replicas — the numbers N-1
 * headroom is computed from. A cluster's Deployments, pods and HPAs are
 * listed once (all namespaces, `PRODUCT_WORKLOADS`) and kept for
 * trinity.fleet.clusterReadSeconds; each product's cell picks its own by
 * namespace and label selector, so reads do not grow with products.
 */
export function createWorkloadsSource(
  reader: KubernetesProxyReader,
  config: Config,
): FleetSource<WorkloadsCellData, KubernetesProbeData> {
  const listAll = async (
    cluster: string,
    signal: AbortSignal,
  ): Promise<ClusterWorkloads> => {
    const all = { labelSelector: PRODUCT_WORKLOADS };
    const [deployments, pods, hpas] = await Promise.all([
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
    ]);
    return { deployments, pods, hpas };
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
      if (deployments.length === 0) {
        return {
          status: 'unknown',
          summary: `no Deployment matches ${objects.labelSelector}`,
        };
      }
      const rows = deployments.map(deployment => {
        const hpa = hpas.find(
          autoscaler =>
            autoscaler.spec?.scaleTargetRef?.name === deployment.metadata.name,
        );
        return {
          name: deployment.metadata.name,
          ready: deployment.status?.readyReplicas ?? 0,
          desired:
            deployment.spec?.replicas ?? deployment.status?.replicas ?? 0,
          hpa: hpa
            ? {
                current: hpa.status?.currentReplicas ?? 0,
                max: hpa.spec?.maxReplicas ?? 0,
              }
            : undefined,
        };
      });
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
