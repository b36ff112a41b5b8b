/**
 * The fleet family's backend extension points.
 *
 * @packageDocumentation
 */
export { fleetSourcesExtensionPoint } from './extensions';
export { InFlight } from './InFlight';
export { serviceFetch } from './serviceFetch';
export type {
  FleetCluster,
  FleetSource,
  FleetSourceReading,
  FleetSourcesExtensionPoint,
} from './extensions';
