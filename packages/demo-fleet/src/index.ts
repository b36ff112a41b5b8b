/**
 * The demo fleet: one process that plays three clusters for the embedded
 * default, serving the same wire APIs production talks to.
 *
 * @packageDocumentation
 */
export { startDemoFleet } from './server';
export { LONG_WINDOW_SECONDS } from './prometheus/real';
export type { DemoFleet, DemoFleetOptions } from './server';
export { clusters, services, clusterPorts, BASE_PORT } from './fleet';
export type { DemoCluster, DemoService } from './fleet';
export type { Scenario } from './scenario';
export { renderService, serviceValues } from './product/render';
export type { ServiceValues } from './product/render';
export { kubernetesProxyStandIn } from './testing/kubernetesProxy';
export { generateScaleFleet } from './scale/generate';
export type { ScaleFleetShape } from './scale/generate';
export { startScaleFleet, SCALE_ARGOCD_TOKEN } from './scale/server';
export type { ScaleFleet } from './scale/server';
export { scaleCatalog } from './scale/catalog';
