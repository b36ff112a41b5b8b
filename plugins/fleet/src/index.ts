/**
 * The fleet frontend plugin: the entity Fleet tab, the cluster pages, the
 * overview, and the fleet-at-a-glance card of the home page.
 *
 * @packageDocumentation
 */
export { fleetPlugin as default } from './plugin';
export { fleetApiRef } from './api';
export { FleetNowCard } from './components/FleetNowCard';
