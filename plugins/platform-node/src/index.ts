/**
 * What several Trinity backends share: the cluster registry as they read
 * it, one Argo CD client, service-to-service fetch, shared in-flight
 * and recent reads and bounded concurrency.
 *
 * @packageDocumentation
 */
export { ClusterDirectory, toCluster } from './clusterRegistry';
export { ClusterRegistrations } from './clusterRegistrations';
export type { RegisteredCluster } from './clusterRegistry';
export { ArgoCdClient } from './argocd/ArgoCdClient';
export type {
  ArgoCdAccess,
  ArgoCdApplication,
  ArgoCdResourceAction,
  ArgoCdResourceRef,
  ArgoCdTarget,
} from './argocd/ArgoCdClient';
export { InFlight } from './InFlight';
export { RecentReads } from './RecentReads';
export { mapLimit } from './mapLimit';
export { serviceFetch } from './serviceFetch';
export { actingUser } from './actingUser';
