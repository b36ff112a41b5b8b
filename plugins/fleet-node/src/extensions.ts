import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { RegisteredCluster } from '@internal/plugin-platform-node';
import { Entity } from '@backstage/catalog-model';
import { CellStatus } from '@internal/plugin-fleet-common';

/** A cluster as sources need it: platform-node's registry reading. */
export type FleetCluster = RegisteredCluster;

/**
 * What a source reads for one entity on one cluster. `TData` is what the
 * source puts in `data` (the fleet family's are in
 * @internal/plugin-fleet-common, e.g. `SloCellData`): an object, since it
 * becomes the cell's `data` on the wire; declare it as a type alias, which
 * is assignable to `Record<string, unknown>` where an interface is not.
 */
export interface FleetSourceReading<
  TData extends Record<string, unknown> = Record<string, unknown>,
> {
  status: CellStatus;
  summary: string;
  /** Source-specific detail for cards and drill-downs, sent as the cell's `data`. */
  data?: TData;
  /** Runbook section that handles this state, for warning and critical. */
  runbook?: string;
}

/**
 * One signal of the fleet view (Argo CD, workloads, SLO, policy, traffic).
 * `read` is called per entity and cluster with a signal that aborts at the
 * deadline; throwing (or being aborted) makes that one cell an error, never
 * the row or the page.
 *
 * A source declares what it puts in its cells' `data` (`TData`) and in its
 * health checks' (`TProbeData`), e.g. `FleetSource<SloCellData,
 * PrometheusProbeData>`, so writing anything else fails to compile and
 * consumers can rely on the type (`cellDataOf()` in
 * @internal/plugin-fleet-common).
 */
export interface FleetSource<
  TData extends Record<string, unknown> = Record<string, unknown>,
  TProbeData extends Record<string, unknown> = Record<string, unknown>,
> {
  id: string;
  title: string;
  /**
   * What this source reads on a cluster, for errors in words ("cannot reach
   * aws-use1-prod-01's Argo CD: connection refused"). Default: the title.
   */
  upstream?: string;
  /**
   * Where the column stands, left to right, as an operator reads a row
   * (deployed? running? meeting its SLOs? within policy? taking traffic?).
   * The built-in sources use 10, 20, … so another can slot in between;
   * equal orders fall back to the id.
   */
  order: number;
  /**
   * Whether the column exists for this entity at all (traffic: only products
   * with an entry point). Default: always.
   */
  appliesTo?(entity: Entity): boolean;
  read(request: {
    entity: Entity;
    cluster: FleetCluster;
    signal: AbortSignal;
    /**
     * A change was just made (another family asked for this cell again):
     * read the upstream now, not a cluster list kept for other cells.
     */
    renew?: boolean;
    /**
     * The refresher's round started then: a cluster list read since serves
     * this cell however long the round has run, so a round lists each
     * cluster once (pass it to `createClusterReads`' `get`).
     */
    since?: number;
  }): Promise<FleetSourceReading<TData>>;
  /**
   * Whether this source's upstream on the cluster answers (Kubernetes API,
   * Argo CD, Prometheus), for the cluster page. Throwing means it does not.
   */
  probe?(request: {
    cluster: FleetCluster;
    signal: AbortSignal;
  }): Promise<FleetSourceReading<TProbeData>>;
}

export interface FleetSourcesExtensionPoint {
  /**
   * Takes sources of any data type: their data only appears in what they
   * return, so `FleetSource<SloCellData>` is a `FleetSource` (whose data is
   * any object) without a cast.
   */
  addSource(...sources: FleetSource[]): void;
}

/** Where backend modules plug their signal sources into the fleet backend. */
export const fleetSourcesExtensionPoint =
  createExtensionPoint<FleetSourcesExtensionPoint>({
    id: 'fleet.sources',
  });
