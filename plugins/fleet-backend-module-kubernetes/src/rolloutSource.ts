import { RolloutCellData } from '@internal/plugin-fleet-common';
import { Config } from '@backstage/config';
import { FleetSource } from '@internal/plugin-fleet-node';
import { createEntityLists } from './entityLists';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { listPath, PRODUCT_WORKLOADS } from './selector';
import {
  RolloutObject,
  RolloutReplicaSet,
  rolloutCell,
  rolloutData,
} from './rolloutCell';

/** A cluster's product Rollouts and ReplicaSets, listed once for every cell. */
interface ClusterRollouts {
  rollouts: RolloutObject[];
  replicaSets: RolloutReplicaSet[];
}

/**
 * The rollout column: per Argo Rollouts `Rollout` of the entity, its phase,
 * canary step and weight, analysis run and stable → canary image tag. Like
 * the workloads column it lists the cluster's Rollouts and ReplicaSets once
 * (all namespaces, `PRODUCT_WORKLOADS`) for every product's cell; the
 * ReplicaSets carry the images (a Rollout with a `workloadRef` has no pod
 * template of its own, and the stable image is only in the stable
 * ReplicaSet). A cluster without Argo Rollouts installed (no such resource)
 * has no Rollouts: the cell says so, it is not an error.
 */
export function createRolloutSource(
  reader: Pick<KubernetesProxyReader, 'list' | 'listIfServed'>,
  config: Config,
): FleetSource<RolloutCellData> {
  const listAll = async (
    cluster: string,
    signal: AbortSignal,
  ): Promise<ClusterRollouts> => {
    const all = { labelSelector: PRODUCT_WORKLOADS };
    const [rollouts, replicaSets] = await Promise.all([
      reader.listIfServed<RolloutObject>(
        cluster,
        listPath('argoproj.io/v1alpha1', 'rollouts', all),
        signal,
      ),
      reader.list<RolloutReplicaSet>(
        cluster,
        listPath('apps/v1', 'replicasets', all),
        signal,
      ),
    ]);
    return { rollouts, replicaSets };
  };
  const entityLists = createEntityLists(config, listAll);
  return {
    id: 'rollout',
    title: 'Rollout',
    upstream: 'Kubernetes API',
    // After the workloads (20), before the SLOs: what is being rolled out
    // on the pods, then whether users feel it.
    order: 25,
    async read(request) {
      const read = await entityLists(request);
      if ('unknown' in read) return read.unknown;
      const { objects, lists } = read;
      const rollouts = objects.pick(lists.rollouts);
      if (rollouts.length === 0) {
        return {
          status: 'unknown',
          summary: `no Rollout matches ${objects.labelSelector}`,
        };
      }
      const replicaSets = objects.pick(lists.replicaSets);
      return rolloutCell(
        rollouts.map(rollout => rolloutData(rollout, replicaSets)),
      );
    },
  };
}
