/**
 * The fleet view's workloads, rollout, policy and mesh sources, read through the core
 * Kubernetes plugin.
 *
 * @packageDocumentation
 */
export { fleetModuleKubernetes as default } from './module';
export { createWorkloadsSource } from './workloadsSource';
export { createPolicySource } from './policySource';
export { createRolloutSource } from './rolloutSource';
export { createMeshSource } from './meshSource';
export { KubernetesProxyReader } from './KubernetesProxyReader';
