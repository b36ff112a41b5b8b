import {
  KubernetesProbeData,
  WorkloadsCellData,
} from '@internal/plugin-fleet-common';
import { FleetSourceReading, FleetSource } from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, NO_WORKLOADS, workloadSelector } from './selector';
import { RUNBOOKS } from '@internal/plugin-platform-common';

interface Deployment {
  metadata: { name: string };
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; replicas?: number };
}
interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  status?: {
    containerStatuses?: Array<{
      restartCount?: number;
      state?: { waiting?: { reason?: string } };
    }>;
  };
}
interface Hpa {
  spec?: { scaleTargetRef?: { name?: string }; maxReplicas?: number };
  status?: { currentReplicas?: number };
}

/**
 * The workloads column: ready/desired per Deployment, container restarts,
 * crash-looping pods, and HPA current/max replicas — the numbers N-1
 * headroom is computed from.
 */
export function createWorkloadsSource(
  reader: KubernetesProxyReader,
): FleetSource<WorkloadsCellData, KubernetesProbeData> {
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
    async read({ entity, cluster, signal }) {
      const selector = workloadSelector(entity);
      if (!selector.labelSelector) return NO_WORKLOADS;
      const [deployments, pods, hpas] = await Promise.all([
        reader.list<Deployment>(
          cluster.name,
          listPath('apps/v1', 'deployments', selector),
          signal,
        ),
        reader.list<Pod>(cluster.name, listPath('', 'pods', selector), signal),
        reader.list<Hpa>(
          cluster.name,
          listPath('autoscaling/v2', 'horizontalpodautoscalers', selector),
          signal,
        ),
      ]);
      if (deployments.length === 0) {
        return {
          status: 'unknown',
          summary: `no Deployment matches ${selector.labelSelector}`,
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
