/**
 * The traffic family's backend extension point.
 *
 * @packageDocumentation
 */
export { trafficProvidersExtensionPoint } from './extensions';
export type {
  Nameserver,
  ProviderReading,
  TrafficProvider,
  TrafficProvidersExtensionPoint,
} from './extensions';
