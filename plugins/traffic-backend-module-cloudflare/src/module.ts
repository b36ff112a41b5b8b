import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import Cloudflare from 'cloudflare';
import { trafficProvidersExtensionPoint } from '@internal/plugin-traffic-node';
import { createCloudflareProvider } from './cloudflareProvider';

/** Adds Cloudflare Load Balancing as a traffic provider when `trinity.traffic.cloudflare` is configured. */
export const trafficModuleCloudflare = createBackendModule({
  pluginId: 'traffic',
  moduleId: 'cloudflare',
  register(reg) {
    reg.registerInit({
      deps: {
        traffic: trafficProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ traffic, config }) {
        const c = config.getOptionalConfig('trinity.traffic.cloudflare');
        if (!c) return;
        traffic.addProvider(
          createCloudflareProvider({
            client: new Cloudflare({
              apiToken: c.getString('apiToken'),
              ...(c.getOptionalString('baseUrl') && {
                baseURL: c.getString('baseUrl'),
              }),
            }),
            accountId: c.getString('accountId'),
            zoneId: c.getString('zoneId'),
          }),
        );
      },
    });
  },
});
