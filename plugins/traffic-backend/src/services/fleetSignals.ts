import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  cellDataOf,
  EntityFleet,
  FleetClient,
  FleetCell,
} from '@internal/plugin-fleet-common';
import { serviceFetch } from '@internal/plugin-platform-node';
import { ClusterSignals } from '@internal/plugin-traffic-common';

/** What the fleet view says about a product, per cluster, for the safety rules. */
export interface FleetSignals {
  forEntity(entity: Entity): Promise<Record<string, ClusterSignals>>;
}

/**
 * Reads the product's fleet view from the fleet backend (service to service,
 * through its shared cache) and keeps what the safety rules need. A cluster
 * is healthy when Argo CD, workloads and SLO all answered and none is
 * critical; page-level burn is also its own rule; Kyverno violations do not
 * stop a cluster from taking traffic, and the traffic column is this
 * family's own reading.
 */
export function fleetSignalsOverHttp(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): FleetSignals {
  const client = new FleetClient({
    discoveryApi: options.discovery,
    fetchApi: serviceFetch(options.auth, 'fleet'),
  });
  return {
    async forEntity(entity) {
      return signalsOf(
        await client.getEntityFleet({
          kind: entity.kind,
          namespace: entity.metadata.namespace,
          name: entity.metadata.name,
        }),
      );
    },
  };
}

/** The sources that say whether a cluster serves the product well. */
const SERVING_SOURCES = ['argocd', 'workloads', 'slo'] as const;

export function signalsOf(fleet: EntityFleet): Record<string, ClusterSignals> {
  const out: Record<string, ClusterSignals> = {};
  for (const row of fleet.rows) {
    const answered = (cell?: FleetCell): cell is FleetCell =>
      !!cell && !cell.error;
    const silent = SERVING_SOURCES.filter(
      source => !answered(row.cells[source]),
    );
    // A critical SLO is the burn rule's, not a second failure here.
    const failing = (['argocd', 'workloads'] as const).filter(
      source =>
        answered(row.cells[source]) && row.cells[source]!.status === 'critical',
    );
    // The row's headroom: judged for a cluster that is down too (from its
    // last known load), where its workloads cell is an error.
    const headroom =
      row.headroom ?? cellDataOf(row.cells.workloads, 'workloads')?.headroom;
    out[row.cluster.name] = {
      ...healthOf(failing, silent),
      pageBurn: answered(row.cells.slo) && row.cells.slo.status === 'critical',
      slo: sloOf(row.cells.slo),
      headroom: headroom?.enough ?? null,
      headroomReason: headroom?.reason,
    };
  }
  return out;
}

/** The SLO cell's verdict; a cell that did not answer (or says unknown) is unknown. */
function sloOf(cell?: FleetCell): ClusterSignals['slo'] {
  return !cell || cell.error ? 'unknown' : cell.status;
}

/** Failing wins over unknown: one failing source is enough to know. */
function healthOf(
  failing: readonly string[],
  silent: readonly string[],
): Pick<ClusterSignals, 'health' | 'healthDetail'> {
  if (failing.length) {
    return {
      health: 'failing',
      healthDetail: `${failing.join(', ')} critical`,
    };
  }
  if (silent.length) {
    return {
      health: 'unknown',
      healthDetail: `${silent.join(', ')} did not answer`,
    };
  }
  return { health: 'healthy' };
}
