/**
 * The package map's checks (ADR 0009): role rules, cycles, docs.
 *
 * @packageDocumentation
 */
export { readWorkspace } from './workspace';
export type { WorkspacePackage } from './workspace';
export { ALLOWED, cycles, roleViolations } from './rules';
export { section, undocumented } from './docs';
