/** Builds a service's HorizontalPodAutoscaler. */
import { ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';

export function autoscalerFor(st: ServiceState): KubeObject {
  const { service: s, cluster: c } = st;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      uid: uid(c.name, 'hpa', s.name),
      labels: labels(s),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: s.name,
      },
      minReplicas: st.desired,
      maxReplicas: st.hpaMax,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: {
      currentReplicas: st.hpaCurrent,
      desiredReplicas: st.hpaCurrent,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 42, averageValue: '105m' },
          },
        },
      ],
    },
  };
}
