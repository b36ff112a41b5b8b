/**
 * Traffic provider: PowerDNS Authoritative.
 *
 * @packageDocumentation
 */
export { trafficModulePowerDns as default } from './module';
export { createPowerDnsProvider } from './powerDnsProvider';
export type { PowerDnsOptions } from './powerDnsProvider';
export { probeTarget } from './probe';
export { parsePowerDnsLua, renderPowerDnsLua } from './lua';
export type { LuaTargets } from './lua';
