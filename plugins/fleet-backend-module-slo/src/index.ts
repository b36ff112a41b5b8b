/**
 * The fleet view's SLO source: burn rates per cluster from Sloth recording
 * rules in Prometheus.
 *
 * @packageDocumentation
 */
export { fleetModuleSlo as default } from './module';
export { sloSource, slothServicesOf } from './sloSource';
export {
  readServiceSlos,
  toReading,
  PrometheusQueryError,
} from './readServiceSlos';
export type { ServiceSloReading, SloReading } from './readServiceSlos';
