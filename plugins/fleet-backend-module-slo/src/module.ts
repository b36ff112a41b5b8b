import { createBackendModule } from '@backstage/backend-plugin-api';
import { fleetSourcesExtensionPoint } from '@internal/plugin-fleet-node';
import { sloSource } from './sloSource';

/** Adds the SLO column to the fleet view. */
export const fleetModuleSlo = createBackendModule({
  pluginId: 'fleet',
  moduleId: 'slo',
  register(reg) {
    reg.registerInit({
      deps: { fleet: fleetSourcesExtensionPoint },
      async init({ fleet }) {
        fleet.addSource(sloSource);
      },
    });
  },
});
