/**
 * The fleet family's backend extension points.
 *
 * @packageDocumentation
 */
export { fleetSourcesExtensionPoint } from './extensions';
export type {
  FleetCluster,
  FleetSource,
  FleetSourceReading,
  FleetSourcesExtensionPoint,
} from './extensions';
export {
  clusterReadMs,
  createClusterReads,
  DEFAULT_CLUSTER_READ_SECONDS,
} from './clusterReads';
export { partOf } from './partOf';
