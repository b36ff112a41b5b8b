/** Builds how a service is reached: its ClusterIP Service and its Ingress. */
import { ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';

export function serviceFor(st: ServiceState): KubeObject {
  const { service, cluster } = st;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid(cluster.name, 'svc', service.name),
      labels: labels(service),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': service.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

export function ingressFor(st: ServiceState): KubeObject {
  const { service, cluster } = st;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid(cluster.name, 'ing', service.name),
      labels: labels(service),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: `${service.name}.${cluster.name}.clusters.trinity.example`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: service.name, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}
