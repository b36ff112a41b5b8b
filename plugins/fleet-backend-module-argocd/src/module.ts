import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { fleetSourcesExtensionPoint } from '@internal/plugin-fleet-node';
import { createArgocdSource } from './argocdSource';

/** Adds the Argo CD column to the fleet view. */
export const fleetModuleArgocd = createBackendModule({
  pluginId: 'fleet',
  moduleId: 'argocd',
  register(reg) {
    reg.registerInit({
      deps: {
        fleet: fleetSourcesExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ fleet, config }) {
        fleet.addSource(createArgocdSource(config));
      },
    });
  },
});
