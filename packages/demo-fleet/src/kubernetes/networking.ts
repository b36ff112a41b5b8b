/** Builds how a service is reached: its ClusterIP Service and its Ingress. */
import { ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';

export function serviceFor(st: ServiceState): KubeObject {
  const { service: s, cluster: c } = st;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      uid: uid(c.name, 'svc', s.name),
      labels: labels(s),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': s.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

export function ingressFor(st: ServiceState): KubeObject {
  const { service: s, cluster: c } = st;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      uid: uid(c.name, 'ing', s.name),
      labels: labels(s),
      creationTimestamp: iso(st.deployedAt),
    },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: `${s.name}.${c.name}.clusters.trinity.example`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: s.name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}
