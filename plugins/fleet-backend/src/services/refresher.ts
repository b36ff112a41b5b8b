import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { clustersOf } from '@internal/plugin-platform-common';

/**
 * Walks every entity that runs on clusters and asks the fleet view for it,
 * so the shared cache is warm for entities nobody is looking at: the first
 * viewer of a product, the overview and the traffic safety checks read
 * cells at most one interval old instead of waiting on every cluster.
 * Reads go through the cache, so a cell that is still fresh costs nothing.
 * It is also what makes pages live: a cell it reads that changed is
 * published as a signal (FleetService's onChange), and open pages load again.
 */
export async function refreshFleet(options: {
  catalog: CatalogService;
  auth: AuthService;
  fleet: {
    forEntity(entity: Entity, options?: { since?: number }): Promise<unknown>;
    healthOfAll?(since?: number): Promise<unknown>;
  };
  logger: LoggerService;
  /** Entities read at once; keeps a refresh from bursting on the clusters. */
  concurrency?: number;
}): Promise<{ entities: number; failed: number }> {
  const { items: all } = await options.catalog.getEntities(
    {
      filter: { kind: ['System', 'Component'] },
      fields: ['kind', 'metadata', 'spec'],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const items = all.filter(
    entity => clustersOf(entity.metadata.annotations).length,
  );
  let failed = 0;
  // Every cell read before this round is read again in it (before a viewer
  // finds it stale), each cluster's lists once however long the round runs.
  const since = Date.now();
  const queue = [...items];
  const worker = async () => {
    for (let entity = queue.shift(); entity; entity = queue.shift()) {
      // Let waiting requests in between products: once a round's cluster
      // lists are read, its cells are worked out in promise callbacks
      // alone, which would otherwise hold every page until the round ends.
      await new Promise(resolve => setImmediate(resolve));
      try {
        await options.fleet.forEntity(entity, { since });
      } catch (error) {
        failed += 1;
        options.logger.warn(
          `fleet refresh of ${stringifyEntityRef(entity)} failed: ${error}`,
        );
      }
    }
  };
  // Each cluster's health checks too: the cluster pages' cells.
  const health = options.fleet.healthOfAll?.(since).catch(error => {
    failed += 1;
    options.logger.warn(`fleet refresh of cluster health failed: ${error}`);
  });
  await Promise.all([
    health,
    ...Array.from({ length: options.concurrency ?? 4 }, () => worker()),
  ]);
  return { entities: items.length, failed };
}
