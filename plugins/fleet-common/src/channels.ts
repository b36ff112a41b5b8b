/**
 * Backstage signals channels on which the fleet backend says that a cell
 * changed, and to which fleet pages listen to load again at once instead of
 * waiting for their next poll. One definition for both ends.
 *
 * A signal carries only which cell changed (entity, cluster, source), never
 * the cell: signals are not permission-checked per channel, so a page loads
 * the cell through the fleet API, which checks the viewer's access.
 */
export const fleetChannels = {
  /** Cells of one product or component (its Fleet tab, SLO and policy cards). */
  entity: (entityRef: string) => `fleet:entity:${entityRef}`,
  /** Health checks and product cells on one cluster (its Fleet tab). */
  cluster: (name: string) => `fleet:cluster:${name}`,
  /** Any cell (the fleet overview). */
  overview: 'fleet:overview',
};

/** What a fleet signal says: which cell changed. */
export interface FleetChange {
  /** The entity whose cell changed; absent for a cluster's health check. */
  entityRef?: string;
  cluster: string;
  source: string;
}

/** The channels a change is published on: everyone who shows that cell. */
export function channelsOf(change: FleetChange): string[] {
  return [
    ...(change.entityRef ? [fleetChannels.entity(change.entityRef)] : []),
    fleetChannels.cluster(change.cluster),
    fleetChannels.overview,
  ];
}

/**
 * The events-service topic on which another family asks the fleet to read
 * one source of one entity again now, because it just changed what that
 * source reads (the traffic backend after a drain): the Fleet tab then
 * shows the same state as the page the change was made on, at once, not
 * after the cell's cache runs out.
 */
export const fleetRefreshTopic = 'trinity.fleet.refresh';

/** The payload on `fleetRefreshTopic`. */
export interface FleetRefreshRequest {
  entityRef: string;
  /** The source to read again (`traffic`). */
  source: string;
}
