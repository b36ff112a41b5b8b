/**
 * Validation of the infra repo (`infra/`).
 *
 * @packageDocumentation
 */
export { evaluatePolicy, matches, toCel } from './policies';
export type { AdmissionPolicy, Violation } from './policies';
