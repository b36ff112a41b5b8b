/**
 * Traffic provider: Amazon Route 53.
 *
 * @packageDocumentation
 */
export { trafficModuleRoute53 as default } from './module';
export { createRoute53Provider } from './route53Provider';
export type { Route53Options } from './route53Provider';
