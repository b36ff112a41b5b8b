/**
 * Fleet signal source: share of traffic.
 *
 * @packageDocumentation
 */
export { fleetModuleTraffic as default } from './module';
export { createTrafficSource } from './trafficSource';
