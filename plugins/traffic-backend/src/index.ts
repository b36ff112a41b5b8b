/**
 * The traffic backend plugin.
 *
 * @packageDocumentation
 */
export { trafficPlugin as default } from './plugin';
