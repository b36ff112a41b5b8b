/** Builds every object a cluster serves, in serving order, from the builders per kind. */
import { DemoCluster, DemoService } from '../fleet';
import { Scenario } from '../scenario';
import { serviceState, ServiceState } from '../world';
import { autoscalerFor } from './autoscaling';
import { backOffEventsFor } from './events';
import { KubeObject } from './kubeObject';
import { namespaceObjects } from './namespaces';
import { ingressFor, serviceFor } from './networking';
import { podMetricsFor } from './podMetrics';
import {
  blockedAdmissionEventsFor,
  namespaceReportsFor,
  policyReportsFor,
} from './policyReports';
import { workloadFor } from './workloads';

function serviceObjects(
  st: ServiceState,
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  const workload = workloadFor(st);
  const { deployment, replicaSet, pods } = workload;
  return [
    deployment,
    replicaSet,
    ...pods,
    serviceFor(st),
    autoscalerFor(st),
    ingressFor(st),
    ...podMetricsFor(st, workload, now),
    ...backOffEventsFor(st, workload, now),
    ...policyReportsFor(pods, scenario, now),
    ...blockedAdmissionEventsFor(st.cluster, st.service, scenario, now),
  ];
}

/** Every object a cluster serves right now. */
export function clusterObjects(
  seed: string,
  cluster: DemoCluster,
  services: DemoService[],
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  const namespaces = [...new Set(services.map(service => service.namespace))];
  return [
    ...namespaceObjects(cluster, namespaces),
    ...namespaceReportsFor(cluster, namespaces, now),
    ...services.flatMap(service =>
      serviceObjects(
        serviceState(seed, cluster, service, scenario, now),
        scenario,
        now,
      ),
    ),
  ];
}
