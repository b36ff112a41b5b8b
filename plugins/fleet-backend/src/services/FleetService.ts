import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  cellDataOf,
  ClusterFleet,
  clusterStatus,
  EntityFleet,
  FleetCell,
  FleetChange,
  FleetRow,
  checkedOverviewCell,
} from '@internal/plugin-fleet-common';
import {
  FleetCluster,
  FleetSource,
  FleetSourceReading,
} from '@internal/plugin-fleet-node';
import {
  cannotReach,
  clustersOf,
  connectionErrorCode,
  RUNBOOKS,
} from '@internal/plugin-platform-common';
import { CellCache } from './CellCache';
import { ClusterDirectory } from '@internal/plugin-platform-node';
import { LastLoad, withHeadroom } from './headroom';
import { failoverReadiness } from './readiness';

/** Where a cell lives in the shared cache (one key per source, cluster and entity). */
const cellKey = (sourceId: string, cluster: string, entityRef: string) =>
  `fleet:cell:v1:${sourceId}:${cluster}:${entityRef}`;
/** Where a cluster's health check by one source lives. */
const probeKey = (sourceId: string, cluster: string) =>
  `fleet:probe:v1:${sourceId}:${cluster}`;

export class DeadlineExceededError extends Error {
  name = 'DeadlineExceededError';
}

/**
 * Joins every source for every cluster an entity runs on. Each cell is read
 * through the shared cache and bounded by the deadline; a source that fails
 * or is late becomes an error cell in its own row, so the answer always comes
 * back, on time, with whatever the healthy clusters said.
 */
export class FleetService {
  private readonly sources: FleetSource[];

  constructor(
    private readonly options: {
      clusters: ClusterDirectory;
      sources: FleetSource[];
      cells: CellCache;
      deadlineMs: number;
      logger: LoggerService;
      /**
       * Told when a cell this process read reads differently from before
       * (the plugin publishes it as a signal, so open pages load again).
       */
      onChange?: (change: FleetChange) => void;
      now?: () => Date;
    },
  ) {
    this.sources = [...options.sources].sort(
      (left, right) =>
        left.order - right.order || left.id.localeCompare(right.id),
    );
  }

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  /**
   * `since`: the refresher's round start. Every cell read before it is read
   * again in this round, fresh or not, so the round (not a viewer who finds
   * a cell stale) keeps cells current; the sources get it too, so each
   * cluster's lists are read once per round (`FleetSource.read`).
   */
  async forEntity(
    entity: Entity,
    options?: { since?: number },
  ): Promise<EntityFleet> {
    const entityRef = stringifyEntityRef(entity);
    const registry = await this.options.clusters.byName(
      clustersOf(entity.metadata.annotations),
    );
    const sources = this.sources.filter(
      source => source.appliesTo?.(entity) ?? true,
    );
    const rows = await Promise.all(
      clustersOf(entity.metadata.annotations).map(async name => {
        const cluster = registry.get(name);
        if (!cluster) return this.unknownClusterRow(name, sources);
        const cells: Record<string, FleetCell> = {};
        await Promise.all(
          sources.map(async source => {
            cells[source.id] = await this.cell(
              entity,
              entityRef,
              cluster,
              source,
              options?.since,
            );
          }),
        );
        return { cluster: summary(cluster), cells };
      }),
    );
    const withRoom = withHeadroom(
      rows,
      await this.lastLoads(entityRef, rows),
      this.now(),
    );
    return {
      entityRef,
      // Failover readiness is a product's property: Systems only.
      readiness:
        entity.kind.toLocaleLowerCase('en-US') === 'system'
          ? failoverReadiness(entity, withRoom)
          : undefined,
      sources: sources.map(({ id, title }) => ({ id, title })),
      rows: withRoom,
      generatedAt: this.now().toISOString(),
    };
  }

  /**
   * A cluster registry entry's view: its fields, one health check per source
   * that can probe its upstream there, and the given products' line on it.
   * The caller picks the products (those the user may see).
   */
  async forCluster(
    entity: Entity,
    products: Array<{ title: string; entity: Entity }>,
  ): Promise<ClusterFleet> {
    const name = entity.metadata.name;
    const cluster = (await this.options.clusters.byName([name])).get(name);
    if (!cluster) {
      throw new Error(`cluster ${name} is not in the cluster registry`);
    }
    const probing = this.sources.filter(source => source.probe);
    const health = await this.healthOf(cluster);
    const checks = Object.values(health);
    const lines = await Promise.all(
      products.map(async product => {
        const fleet = await this.forEntity(product.entity);
        const row = fleet.rows.find(fleetRow => fleetRow.cluster.name === name);
        if (!row) return undefined;
        return {
          entityRef: fleet.entityRef,
          title: product.title,
          ...checkedOverviewCell(row, health),
        };
      }),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      cluster: summary(cluster),
      registry: (entity.spec ?? {}) as Record<string, unknown>,
      // A platform API that does not answer is a cluster problem, not an
      // unknown: the cluster page is where operators look for exactly that.
      status: clusterStatus(checks),
      health,
      sources: probing.map(({ id, title }) => ({ id, title })),
      products: lines.filter(
        (line): line is NonNullable<typeof line> => line !== undefined,
      ),
      generatedAt: this.now().toISOString(),
    };
  }

  /**
   * Each source's health check of its upstream on a cluster (whether it
   * answers, and what it says about the cluster as a whole), cached and
   * bounded like cells.
   */
  async healthOf(
    cluster: FleetCluster,
    since?: number,
  ): Promise<Record<string, FleetCell>> {
    const health: Record<string, FleetCell> = {};
    await Promise.all(
      this.sources
        .filter(source => source.probe)
        .map(async source => {
          health[source.id] = await this.bounded(
            probeKey(source.id, cluster.name),
            cluster,
            signal => source.probe!({ cluster, signal }),
            { cluster: cluster.name, source: source.id },
            since,
          );
        }),
    );
    return health;
  }

  /**
   * Health checks of every registered cluster, by name; with `since` (a
   * refresh round's start), every check taken before it is taken again.
   */
  async healthOfAll(
    since?: number,
  ): Promise<Record<string, Record<string, FleetCell>>> {
    const registry = await this.options.clusters.byName();
    const entries = await Promise.all(
      [...registry.values()].map(
        async cluster =>
          [cluster.name, await this.healthOf(cluster, since)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  /**
   * Another replica read this cell differently: this process's own copy of
   * it goes (CellCache.forgetLocal).
   */
  forget(change: FleetChange) {
    this.options.cells.forgetLocal(
      change.entityRef
        ? cellKey(change.source, change.cluster, change.entityRef)
        : probeKey(change.source, change.cluster),
    );
  }

  /**
   * Reads one source of an entity again on every cluster it runs on, now
   * (fleetRefreshTopic): open pages hear of the new cells by their signal.
   */
  async renew(entity: Entity, sourceId: string): Promise<void> {
    const source = this.sources.find(candidate => candidate.id === sourceId);
    if (!source || !(source.appliesTo?.(entity) ?? true)) return;
    const entityRef = stringifyEntityRef(entity);
    const registry = await this.options.clusters.byName(
      clustersOf(entity.metadata.annotations),
    );
    const { onChange } = this.options;
    await Promise.all(
      clustersOf(entity.metadata.annotations).map(async name => {
        const cluster = registry.get(name);
        if (!cluster) return;
        const change = { entityRef, cluster: name, source: source.id };
        await this.options.cells
          .renew(
            cellKey(source.id, name, entityRef),
            () =>
              this.read(
                cluster,
                signal => source.read({ entity, cluster, signal, renew: true }),
                source.id,
              ),
            onChange && (() => onChange(change)),
          )
          .catch(error =>
            this.options.logger.warn(
              `could not read ${source.id} of ${entityRef} on ${name} again: ${error}`,
            ),
          );
      }),
    );
  }

  /**
   * For each row whose workloads did not answer now, the workload totals of
   * its last answer and when it was read: what its N-1 headroom is judged
   * from while it is down.
   */
  private async lastLoads(
    entityRef: string,
    rows: FleetRow[],
  ): Promise<Record<string, LastLoad>> {
    const silent = rows.filter(
      row =>
        row.cells.workloads &&
        !cellDataOf(row.cells.workloads, 'workloads')?.totals,
    );
    const found = await Promise.all(
      silent.map(async row => {
        const cell = await this.options.cells
          .lastAnswered(cellKey('workloads', row.cluster.name, entityRef))
          .catch(() => undefined);
        const totals = cellDataOf(cell, 'workloads')?.totals;
        return totals
          ? ([row.cluster.name, { totals, at: cell!.fetchedAt }] as const)
          : undefined;
      }),
    );
    return Object.fromEntries(found.filter(entry => entry !== undefined));
  }

  private cell(
    entity: Entity,
    entityRef: string,
    cluster: FleetCluster,
    source: FleetSource,
    since?: number,
  ): Promise<FleetCell> {
    return this.bounded(
      cellKey(source.id, cluster.name, entityRef),
      cluster,
      signal => source.read({ entity, cluster, signal, since }),
      { entityRef, cluster: cluster.name, source: source.id },
      since,
    );
  }

  /**
   * One cached reading bounded by the deadline. The deadline bounds the
   * wait, not the read: a late answer still lands in the cache for the next
   * viewer.
   */
  private bounded(
    key: string,
    cluster: FleetCluster,
    reading: (signal: AbortSignal) => Promise<FleetSourceReading>,
    change: FleetChange,
    since?: number,
  ): Promise<FleetCell> {
    const fresh = this.options.cells.fresh(key, since);
    if (fresh) return Promise.resolve(fresh);
    const read = () => this.read(cluster, reading, change.source);
    const { onChange } = this.options;
    const cached = this.options.cells
      .get(key, read, onChange && (() => onChange(change)), since)
      .catch(error => this.errorCell(error));
    return withDeadline(cached, this.options.deadlineMs, () =>
      this.errorCell(
        new DeadlineExceededError(
          `${this.upstream(
            cluster.name,
            change.source,
          )} did not answer within ${this.options.deadlineMs / 1000} s`,
        ),
      ),
    );
  }

  private async read(
    cluster: FleetCluster,
    reading: (signal: AbortSignal) => Promise<FleetSourceReading>,
    sourceId: string,
  ): Promise<FleetCell> {
    const signal = AbortSignal.timeout(this.options.deadlineMs * 5);
    try {
      return {
        ...(await reading(signal)),
        fetchedAt: this.now().toISOString(),
      };
    } catch (error) {
      this.options.logger.debug(
        `fleet source ${sourceId} failed on ${cluster.name}: ${error}`,
      );
      return this.errorCell(error, this.upstream(cluster.name, sourceId));
    }
  }

  /**
   * An error cell says what failed in words: a connection that failed names
   * the cluster, the upstream and the reason ("cannot reach
   * aws-use1-prod-01's Argo CD: connection refused"), never "fetch failed";
   * an upstream that answered keeps its own message. Every error links the
   * runbook for an unreachable cluster.
   */
  private errorCell(error: unknown, upstream?: string): FleetCell {
    // Duck-typed: errors from fetch may come from another realm (Jest, workers).
    const failure =
      typeof error === 'object' && error !== null && 'message' in error
        ? (error as Error)
        : new Error(String(error));
    const message =
      upstream && connectionErrorCode(failure)
        ? cannotReach(upstream, failure)
        : failure.message;
    return {
      status: 'unknown',
      summary: message,
      error: { name: failure.name, message },
      fetchedAt: this.now().toISOString(),
      runbook: RUNBOOKS.clusterUnreachable,
    };
  }

  /** "aws-use1-prod-01's Argo CD": what a source reads on a cluster. */
  private upstream(cluster: string, sourceId: string): string {
    const source = this.sources.find(candidate => candidate.id === sourceId);
    return `${cluster}'s ${source?.upstream ?? source?.title ?? sourceId}`;
  }

  private unknownClusterRow(name: string, sources: FleetSource[]): FleetRow {
    const cells: Record<string, FleetCell> = {};
    for (const source of sources) {
      cells[source.id] = this.errorCell(
        new Error(`cluster ${name} is not in the cluster registry`),
      );
    }
    return {
      cluster: {
        name,
        title: name,
        provider: 'unknown',
        region: 'unknown',
        upgradeRing: 'unknown',
      },
      cells,
    };
  }
}

function summary(cluster: FleetCluster) {
  return {
    name: cluster.name,
    title: cluster.title,
    provider: cluster.provider,
    region: cluster.region,
    upgradeRing: cluster.upgradeRing,
  };
}

function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  late: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<T>(resolve => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
