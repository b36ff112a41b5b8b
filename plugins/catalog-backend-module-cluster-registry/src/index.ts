/**
 * The cluster registry's catalog processor, as a catalog backend module.
 *
 * @packageDocumentation
 */
export { catalogModuleClusterRegistry as default } from './module';
export { ClusterRegistryProcessor } from './ClusterRegistryProcessor';
