/**
 * The traffic frontend plugin: the product's Failover tab.
 *
 * @packageDocumentation
 */
export { trafficPlugin as default } from './plugin';
export { trafficApiRef } from './api';
