/** Builds a cluster's Namespaces: the system ones and one per product namespace. */
import { DemoCluster } from '../fleet';
import { KubeObject, uid } from './kubeObject';

/**
 * The system namespaces and the products' namespaces, the latter with the
 * labels the infra repo gives them (tenant, tier, Pod Security, the mesh's
 * `istio.io/dataplane-mode`).
 */
export function namespaceObjects(
  cluster: DemoCluster,
  namespaces: Record<string, Record<string, string>>,
): KubeObject[] {
  return ['default', 'kube-system', 'kyverno', ...Object.keys(namespaces)].map(
    name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(cluster.name, 'ns', name),
        labels: {
          ...namespaces[name],
          'kubernetes.io/metadata.name': name,
        },
        creationTimestamp: '2026-01-05T09:00:00Z',
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }),
  );
}
