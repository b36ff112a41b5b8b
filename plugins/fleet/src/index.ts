/**
 * The fleet frontend plugin: the entity Fleet tab.
 *
 * @packageDocumentation
 */
export { fleetPlugin as default } from './plugin';
export { fleetApiRef } from './api';
