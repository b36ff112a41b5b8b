/** Builds a cluster's Namespaces: the system ones and one per product namespace. */
import { DemoCluster } from '../fleet';
import { KubeObject, uid } from './kubeObject';

export function namespaceObjects(
  cluster: DemoCluster,
  namespaces: string[],
): KubeObject[] {
  return ['default', 'kube-system', ...namespaces].map(name => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid(cluster.name, 'ns', name),
      labels: { 'kubernetes.io/metadata.name': name },
      creationTimestamp: '2026-01-05T09:00:00Z',
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}
