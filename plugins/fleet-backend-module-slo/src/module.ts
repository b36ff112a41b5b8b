import { createBackendModule } from '@backstage/backend-plugin-api';
import { fleetSourcesExtensionPoint } from '@internal/plugin-fleet-node';
import { coreServices } from '@backstage/backend-plugin-api';
import { createSloSource } from './sloSource';

/** Adds the SLO column to the fleet view. */
export const fleetModuleSlo = createBackendModule({
  pluginId: 'fleet',
  moduleId: 'slo',
  register(reg) {
    reg.registerInit({
      deps: {
        fleet: fleetSourcesExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ fleet, config }) {
        fleet.addSource(createSloSource(config));
      },
    });
  },
});
