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
        const cloudflareConfig = config.getOptionalConfig(
          'trinity.traffic.cloudflare',
        );
        if (!cloudflareConfig) return;
        traffic.addProvider(
          createCloudflareProvider({
            client: new Cloudflare({
              apiToken: cloudflareConfig.getString('apiToken'),
              ...(cloudflareConfig.getOptionalString('baseUrl') && {
                baseURL: cloudflareConfig.getString('baseUrl'),
              }),
            }),
            accountId: cloudflareConfig.getString('accountId'),
            zoneId: cloudflareConfig.getString('zoneId'),
          }),
        );
      },
    });
  },
});
