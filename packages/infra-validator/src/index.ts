/**
 * Validation of the infra repo (`infra/`).
 *
 * @packageDocumentation
 */
export { evaluatePolicy, matches, toCel } from './policies';
export type { AdmissionPolicy, Violation } from './policies';
export { validateInfra, defaultInfraRepoUrl } from './validate';
export type { Report, ValidateOptions } from './validate';
export { formatProblem } from './problems';
export type { Problem } from './problems';
