/** Builds the metrics-server PodMetrics for a service's pods. */
import { ServiceState } from '../world';
import { iso, KubeObject } from './kubeObject';
import { Workload } from './workloads';

export function podMetricsFor(
  st: ServiceState,
  { pods, podLabels, container }: Workload,
  now: Date,
): KubeObject[] {
  return pods.map((pod, index) => ({
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {
      name: pod.metadata.name,
      namespace: st.service.namespace,
      labels: podLabels,
      creationTimestamp: iso(now),
    },
    timestamp: iso(now),
    window: '30s',
    containers: [
      {
        name: container.name,
        usage: { cpu: `${90 + index * 7}m`, memory: `${180 + index * 11}Mi` },
      },
    ],
  }));
}
