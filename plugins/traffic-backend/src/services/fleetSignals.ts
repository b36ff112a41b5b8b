import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityFleet,
  FleetClient,
  FleetCell,
  worstCellStatus,
} from '@internal/plugin-fleet-common';
import { serviceFetch } from '@internal/plugin-fleet-node';
import { ClusterSignals } from '@internal/plugin-traffic-common';

/** What the fleet view says about a product, per cluster, for the safety rules. */
export interface FleetSignals {
  forEntity(entity: Entity): Promise<Record<string, ClusterSignals>>;
}

/**
 * Reads the product's fleet view from the fleet backend (service to service,
 * through its shared cache) and keeps what the safety rules need. Serving
 * health is Argo CD and workloads; SLO burn is its own rule; Kyverno
 * violations do not stop a cluster from taking traffic.
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

export function signalsOf(fleet: EntityFleet): Record<string, ClusterSignals> {
  const out: Record<string, ClusterSignals> = {};
  for (const row of fleet.rows) {
    const answered = (c?: FleetCell) => !!c && !c.error;
    const serving = [row.cells.argocd, row.cells.workloads].filter(answered);
    const headroom = row.cells.workloads?.data?.headroom as
      | { enough: boolean | null; reason: string }
      | undefined;
    out[row.cluster.name] = {
      answered: Object.values(row.cells).some(answered),
      worst: serving.length
        ? worstCellStatus(serving.map(c => c!.status))
        : 'unknown',
      pageBurn: answered(row.cells.slo) && row.cells.slo.status === 'critical',
      headroom: headroom?.enough ?? null,
      headroomReason: headroom?.reason,
    };
  }
  return out;
}
