/**
 * Real servers for tests, from Debian packages, on loopback ports.
 *
 * @packageDocumentation
 */
export { dnsAnswers, eventually } from './dns';
export { startPowerDns } from './powerdns';
export type { RealPowerDns } from './powerdns';
export { startPrometheus, toOpenMetrics } from './prometheus';
export type { RealPrometheus } from './prometheus';
export { startPostgres } from './postgres';
export type { RealPostgres } from './postgres';
export { startRedis } from './redis';
export type { RealRedis } from './redis';
export { diesWithThisProcess, freePort } from './process';
export { slothRules } from './slothRules';
export type { SlothSlo } from './slothRules';
export { connectMcp } from './mcp';
export type { McpTestClient } from './mcp';
