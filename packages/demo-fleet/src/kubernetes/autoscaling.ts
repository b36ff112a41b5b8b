/** Builds what keeps a service's capacity: its HorizontalPodAutoscaler and PodDisruptionBudget. */
import { ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';

export function autoscalerFor(st: ServiceState): KubeObject {
  const { service, cluster } = st;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid(cluster.name, 'hpa', service.name),
      labels: labels(service),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service.name,
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

/**
 * A service's PodDisruptionBudget, as the tenant's infra declares one per
 * service (infra/tenants/<product>/base/<service>.yaml).
 */
export function disruptionBudgetFor(st: ServiceState): KubeObject {
  const { service, cluster } = st;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid(cluster.name, 'pdb', service.name),
      labels: labels(service),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': service.name } },
    },
  };
}
