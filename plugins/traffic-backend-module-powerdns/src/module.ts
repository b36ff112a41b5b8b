import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { trafficProvidersExtensionPoint } from '@internal/plugin-traffic-node';
import { createPowerDnsProvider } from './powerDnsProvider';

/** Adds PowerDNS as a traffic provider when `trinity.traffic.powerdns` is configured. */
export const trafficModulePowerDns = createBackendModule({
  pluginId: 'traffic',
  moduleId: 'powerdns',
  register(reg) {
    reg.registerInit({
      deps: {
        traffic: trafficProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ traffic, config }) {
        const c = config.getOptionalConfig('trinity.traffic.powerdns');
        if (!c) return;
        traffic.addProvider(
          createPowerDnsProvider({
            url: c.getString('url'),
            apiKey: c.getString('apiKey'),
            serverId: c.getOptionalString('serverId'),
            zone: c.getString('zone'),
            ttl: c.getOptionalNumber('ttl'),
            healthCheck: {
              port: c.getOptionalNumber('healthCheck.port'),
              path: c.getOptionalString('healthCheck.path'),
              timeoutMs: c.getOptionalNumber('healthCheck.timeoutMs'),
            },
          }),
        );
      },
    });
  },
});
