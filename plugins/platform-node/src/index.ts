/**
 * What several Trinity backends share: the cluster registry as they read
 * it, one Argo CD client, service-to-service fetch and shared in-flight
 * reads.
 *
 * @packageDocumentation
 */
export { ClusterDirectory, toCluster } from './clusterRegistry';
export type { RegisteredCluster } from './clusterRegistry';
export { ArgoCdClient } from './argocd/ArgoCdClient';
export type {
  ArgoCdAccess,
  ArgoCdApplication,
  ArgoCdTarget,
} from './argocd/ArgoCdClient';
export { InFlight } from './InFlight';
export { serviceFetch } from './serviceFetch';
