/**
 * Validation of the infra repo (`infra/`).
 *
 * @packageDocumentation
 */
export { validate as validateRequest, generate } from './kyverno/evaluate';
export type {
  GeneratingPolicy,
  Outcome,
  Request,
  ValidatingPolicy,
} from './kyverno/evaluate';
export { refusals } from './kyverno/admission';
export type { Refusal } from './kyverno/admission';
export { isCelPolicy, loadPolicySet } from './kyverno/kyvernoTest';
export type { CelPolicy } from './kyverno/kyvernoTest';
export { isExpired } from './kyverno/exceptions';
export type { PolicyException } from './kyverno/exceptions';
export {
  validateInfra,
  defaultInfraRepoUrl,
  defaultSchemaDirs,
} from './validate';
export { SchemaRegistry } from './schemas';
export type { SchemaError } from './schemas';
export type { Report, ValidateOptions } from './validate';
export { formatProblem } from './problems';
export type { Problem } from './problems';
