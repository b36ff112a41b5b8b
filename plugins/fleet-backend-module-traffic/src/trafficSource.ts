import { TrafficCellData } from '@internal/plugin-fleet-common';
import { FleetSource } from '@internal/plugin-fleet-node';
import { InFlight } from '@internal/plugin-platform-node';
import { TrafficApi, TrafficView } from '@internal/plugin-traffic-common';
import { annotations, RUNBOOKS } from '@internal/plugin-platform-common';

/**
 * The fleet view's Traffic column: the cluster's share of the product's
 * entry point, its weight and provider health, and an active drain. Read
 * from the traffic backend (one read per product serves its three cells).
 */
export function createTrafficSource(
  traffic: Pick<TrafficApi, 'getView'>,
): FleetSource<TrafficCellData> {
  const views = new InFlight<TrafficView>();
  const view = (entity: { kind: string; namespace?: string; name: string }) =>
    views.run(`${entity.kind}:${entity.namespace}/${entity.name}`, () =>
      traffic.getView(entity),
    );
  return {
    id: 'traffic',
    title: 'Traffic',
    order: 50,
    // Only products declare entry points; their services have no column.
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.[annotations.entryPoint]),
    async read({ entity, cluster }) {
      const trafficView = await view({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      });
      if (!trafficView.state) {
        throw new Error(
          trafficView.error?.message ?? 'the traffic backend has no state',
        );
      }
      const target = trafficView.state.clusters.find(
        entry => entry.cluster === cluster.name,
      );
      if (!target) {
        return {
          status: 'warning',
          summary: `not a target of ${trafficView.state.name}`,
          runbook: RUNBOOKS.entryPointContract,
        };
      }
      const share = `${Math.round(target.share * 100)}% of ${
        trafficView.state.name
      }`;
      if (target.drain) {
        return {
          status: 'warning',
          summary: `drained by ${target.drain.actor}: ${target.drain.reason}`,
          runbook: RUNBOOKS.drained,
          data: { ...target },
        };
      }
      if (target.weight > 0 && target.health === 'unhealthy') {
        return {
          status: 'critical',
          summary: `${share} · provider health check failing`,
          runbook: RUNBOOKS.targetUnhealthy,
          data: { ...target },
        };
      }
      return {
        status: target.weight > 0 ? 'ok' : 'warning',
        summary: `${share} · weight ${target.weight} · ${target.health}`,
        runbook: target.weight > 0 ? undefined : RUNBOOKS.drained,
        data: { ...target },
      };
    },
  };
}
