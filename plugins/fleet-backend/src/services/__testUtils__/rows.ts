import { FleetCell, FleetRow } from '@internal/plugin-fleet-common';

/** A fleet row with only a workloads cell, for the pure service tests. */
export function workloadsRow(name: string, workloads: FleetCell): FleetRow {
  return {
    cluster: {
      name,
      title: name,
      provider: 'aws',
      region: 'r',
      upgradeRing: 'ring-0',
    },
    cells: { workloads },
  };
}
