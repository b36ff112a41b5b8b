/** Builds the metrics-server PodMetrics for a service's pods. */
import { ServiceState } from '../world';
import { iso, KubeObject } from './kubeObject';
import { Workload } from './workloads';

export function podMetricsFor(
  st: ServiceState,
  { pods, podLabels, container }: Workload,
  now: Date,
): KubeObject[] {
  return pods.map((pod, i) => ({
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
        usage: { cpu: `${90 + i * 7}m`, memory: `${180 + i * 11}Mi` },
      },
    ],
  }));
}
