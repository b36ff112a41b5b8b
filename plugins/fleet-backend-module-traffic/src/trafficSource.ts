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
    // Only products declare entry points; their services have no column.
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.[annotations.entryPoint]),
    async read({ entity, cluster }) {
      const v = await view({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      });
      if (!v.state) {
        throw new Error(v.error?.message ?? 'the traffic backend has no state');
      }
      const c = v.state.clusters.find(x => x.cluster === cluster.name);
      if (!c) {
        return {
          status: 'warning',
          summary: `not a target of ${v.state.name}`,
          runbook: RUNBOOKS.entryPointContract,
        };
      }
      const share = `${Math.round(c.share * 100)}% of ${v.state.name}`;
      if (c.drain) {
        return {
          status: 'warning',
          summary: `drained by ${c.drain.actor}: ${c.drain.reason}`,
          runbook: RUNBOOKS.drained,
          data: { ...c },
        };
      }
      if (c.weight > 0 && c.health === 'unhealthy') {
        return {
          status: 'critical',
          summary: `${share} · provider health check failing`,
          runbook: RUNBOOKS.targetUnhealthy,
          data: { ...c },
        };
      }
      return {
        status: c.weight > 0 ? 'ok' : 'warning',
        summary: `${share} · weight ${c.weight} · ${c.health}`,
        runbook: c.weight > 0 ? undefined : RUNBOOKS.drained,
        data: { ...c },
      };
    },
  };
}
