/**
 * The fleet family's backend extension points.
 *
 * @packageDocumentation
 */
export { fleetSourcesExtensionPoint } from './extensions';
export { InFlight } from './InFlight';
export type {
  FleetCluster,
  FleetSource,
  FleetSourceReading,
  FleetSourcesExtensionPoint,
} from './extensions';
