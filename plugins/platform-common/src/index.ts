/**
 * The platform's catalog contract, shared by the catalog processor, the fleet
 * and traffic plugins and the Scaffolder templates.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './clusterRegistry';
export * from './entityPath';
export * from './product';
export * from './newCluster';
export * from './runbooks';
export * from './tenants';
export * from './failure';
export { matchesLabelSelector, parseLabelSelector } from './labelSelector';
export type { Requirement as LabelRequirement } from './labelSelector';
