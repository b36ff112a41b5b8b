import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { fleetSourcesExtensionPoint } from '@internal/plugin-fleet-node';
import { serviceFetch } from '@internal/plugin-platform-node';
import { TrafficClient } from '@internal/plugin-traffic-common';
import { createTrafficSource } from './trafficSource';

/** Adds the share-of-traffic column to the fleet view. */
export const fleetModuleTraffic = createBackendModule({
  pluginId: 'fleet',
  moduleId: 'traffic',
  register(reg) {
    reg.registerInit({
      deps: {
        fleet: fleetSourcesExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ fleet, discovery, auth }) {
        const client = new TrafficClient({
          discoveryApi: discovery,
          fetchApi: serviceFetch(auth, 'traffic'),
        });
        fleet.addSource(createTrafficSource(client));
      },
    });
  },
});
