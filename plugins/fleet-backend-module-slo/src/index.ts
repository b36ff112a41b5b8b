/**
 * The fleet view's SLO source: burn rates per cluster from Sloth recording
 * rules in Prometheus.
 *
 * @packageDocumentation
 */
export { fleetModuleSlo as default } from './module';
export { createSloSource, slothServicesOf } from './sloSource';
export {
  readClusterSlos,
  readServiceSlos,
  sloReadingOf,
  toReading,
  PrometheusQueryError,
} from './readServiceSlos';
export type {
  ClusterSloSeries,
  ServiceSloReading,
  SloReading,
} from './readServiceSlos';
