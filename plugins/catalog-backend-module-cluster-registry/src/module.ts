import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ClusterRegistryProcessor } from './ClusterRegistryProcessor';

/** Adds {@link ClusterRegistryProcessor} to the catalog. */
export const catalogModuleClusterRegistry = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'cluster-registry',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(ClusterRegistryProcessor.fromConfig(config));
      },
    });
  },
});
