import { Entity } from '@backstage/catalog-model';
import { ScaleFleet } from './server';

/**
 * The catalog a portal reads for a scaled fleet, from the same generated
 * fleet: one registry Resource per cluster (its Kubernetes API and
 * Prometheus under the fleet's one port; applications on the central
 * Argo CD), one System per product and one Component per service, with the
 * annotations the fleet reads (docs/catalog-contract.md).
 */
export function scaleCatalog(
  fleet: Pick<ScaleFleet, 'shape' | 'urls'>,
): Entity[] {
  const { clusters, services, products } = fleet.shape;
  const resources: Entity[] = clusters.map((cluster, index) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: cluster.name,
      namespace: 'default',
      title: cluster.name,
      annotations: {
        'kubernetes.io/api-server': fleet.urls(cluster.name).kubernetes,
        'kubernetes.io/api-server-certificate-authority': '',
        'kubernetes.io/auth-provider': 'serviceAccount',
        'trinity.io/prometheus-url': fleet.urls(cluster.name).prometheus,
      },
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform',
      provider: cluster.provider,
      region: cluster.region,
      upgradeRing: `ring-${index % 3}`,
      kubernetesVersion: cluster.kubernetesVersion,
    },
  }));
  const systems: Entity[] = products.map(product => {
    const own = services.filter(service => service.product === product);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: product,
        namespace: 'default',
        title: product,
        annotations: {
          'trinity.io/clusters': own[0].clusters!.join(','),
          'trinity.io/argocd-app-selector': `app.kubernetes.io/part-of=${product}`,
          'trinity.io/sloth-service': own
            .map(service => service.name)
            .join(','),
          'backstage.io/kubernetes-label-selector': `app.kubernetes.io/part-of=${product}`,
          'backstage.io/kubernetes-namespace': product,
        },
      },
      spec: { owner: `group:default/${own[0].team}` },
    };
  });
  const components: Entity[] = services.map(service => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.name,
      namespace: 'default',
      annotations: {
        'trinity.io/clusters': service.clusters!.join(','),
        'trinity.io/argocd-app-selector': `app.kubernetes.io/name=${service.name}`,
        'trinity.io/sloth-service': service.name,
        'backstage.io/kubernetes-id': service.name,
        'backstage.io/kubernetes-namespace': service.namespace,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${service.team}`,
      system: service.product,
    },
  }));
  return [...resources, ...systems, ...components];
}
