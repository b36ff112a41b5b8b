import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

// On cluster Resources only: the registry fields and where the cluster is reached.
const clusterRegistryCard = EntityCardBlueprint.make({
  name: 'cluster-registry',
  params: {
    filter: { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
    loader: async () => {
      const { ClusterRegistryCard } = await import('./ClusterRegistryCard');
      return <ClusterRegistryCard />;
    },
  },
});

export const clusterRegistryModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [clusterRegistryCard],
});
