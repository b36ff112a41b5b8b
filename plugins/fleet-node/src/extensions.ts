import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CellStatus } from '@internal/plugin-fleet-common';

/** A cluster as sources need it: registry summary and where its APIs are. */
export interface FleetCluster {
  name: string;
  title: string;
  provider: string;
  region: string;
  upgradeRing: string;
  /** Minor version the registry says the cluster runs (`1.33`). */
  kubernetesVersion?: string;
  endpoints: {
    kubernetes?: string;
    argocd?: string;
    argocdUi?: string;
    prometheus?: string;
  };
}

/** What a source reads for one entity on one cluster. */
export interface FleetSourceReading {
  status: CellStatus;
  summary: string;
  data?: Record<string, unknown>;
  /** Runbook section that handles this state, for warning and critical. */
  runbook?: string;
}

/**
 * One signal of the fleet view (Argo CD, workloads, SLO, policy, traffic).
 * `read` is called per entity and cluster with a signal that aborts at the
 * deadline; throwing (or being aborted) makes that one cell an error, never
 * the row or the page.
 */
export interface FleetSource {
  id: string;
  title: string;
  /**
   * Whether the column exists for this entity at all (traffic: only products
   * with an entry point). Default: always.
   */
  appliesTo?(entity: Entity): boolean;
  read(request: {
    entity: Entity;
    cluster: FleetCluster;
    signal: AbortSignal;
  }): Promise<FleetSourceReading>;
  /**
   * Whether this source's upstream on the cluster answers (Kubernetes API,
   * Argo CD, Prometheus), for the cluster page. Throwing means it does not.
   */
  probe?(request: {
    cluster: FleetCluster;
    signal: AbortSignal;
  }): Promise<FleetSourceReading>;
}

export interface FleetSourcesExtensionPoint {
  addSource(...sources: FleetSource[]): void;
}

/** Where backend modules plug their signal sources into the fleet backend. */
export const fleetSourcesExtensionPoint =
  createExtensionPoint<FleetSourcesExtensionPoint>({
    id: 'fleet.sources',
  });
