/**
 * The fleet view's Argo CD source.
 *
 * @packageDocumentation
 */
export { fleetModuleArgocd as default } from './module';
export { createArgocdSource } from './argocdSource';
