import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  createClusterReads,
  FleetCluster,
  FleetSourceReading,
} from '@internal/plugin-fleet-node';
import { entityObjects } from './selector';

type EntityObjects = Exclude<
  ReturnType<typeof entityObjects>,
  { unknown: unknown }
>;

/**
 * The first half of every Kubernetes column's read: which objects are the
 * entity's (or the cell that says it names none), and the cluster's lists
 * they are picked from, read once per cluster for every product's cell
 * (`createClusterReads`; a refresh round's `since`, a renewal's `renew`).
 */
export function createEntityLists<TLists>(
  config: Config,
  listAll: (cluster: string, signal: AbortSignal) => Promise<TLists>,
) {
  const clusterLists = createClusterReads<TLists>(config);
  return async (request: {
    entity: Entity;
    cluster: FleetCluster;
    signal: AbortSignal;
    renew?: boolean;
    since?: number;
  }): Promise<
    | { objects: EntityObjects; lists: TLists }
    | { unknown: FleetSourceReading<never> }
  > => {
    const objects = entityObjects(request.entity);
    if ('unknown' in objects) return objects;
    const { cluster, signal, renew, since } = request;
    const lists = await clusterLists.get(
      cluster.name,
      listSignal => listAll(cluster.name, listSignal),
      signal,
      { renew, since },
    );
    return { objects, lists };
  };
}
