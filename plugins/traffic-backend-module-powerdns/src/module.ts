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
        const powerdnsConfig = config.getOptionalConfig(
          'trinity.traffic.powerdns',
        );
        if (!powerdnsConfig) return;
        traffic.addProvider(
          createPowerDnsProvider({
            url: powerdnsConfig.getString('url'),
            apiKey: powerdnsConfig.getString('apiKey'),
            serverId: powerdnsConfig.getOptionalString('serverId'),
            zone: powerdnsConfig.getString('zone'),
            ttl: powerdnsConfig.getOptionalNumber('ttl'),
            dns: powerdnsConfig.getOptionalString('dns'),
            healthCheck: {
              port: powerdnsConfig.getOptionalNumber('healthCheck.port'),
              path: powerdnsConfig.getOptionalString('healthCheck.path'),
              timeoutMs: powerdnsConfig.getOptionalNumber(
                'healthCheck.timeoutMs',
              ),
            },
          }),
        );
      },
    });
  },
});
