import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { trafficProvidersExtensionPoint } from '@internal/plugin-traffic-node';
import { createRoute53Provider } from './route53Provider';

/**
 * Adds Route 53 as a traffic provider when `trinity.traffic.route53` is
 * configured. Credentials come from the AWS SDK's default chain (workload
 * identity / IRSA on EKS), never from app-config.
 */
export const trafficModuleRoute53 = createBackendModule({
  pluginId: 'traffic',
  moduleId: 'route53',
  register(reg) {
    reg.registerInit({
      deps: {
        traffic: trafficProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ traffic, config }) {
        const route53Config = config.getOptionalConfig(
          'trinity.traffic.route53',
        );
        if (!route53Config) return;
        const checks = route53Config.getOptionalConfig('healthChecks');
        traffic.addProvider(
          createRoute53Provider({
            client: new Route53Client({
              region: route53Config.getOptionalString('region') ?? 'us-east-1',
            }),
            hostedZoneId: route53Config.getString('hostedZoneId'),
            ttl: route53Config.getOptionalNumber('ttl'),
            requestsPerSecond:
              route53Config.getOptionalNumber('requestsPerSecond'),
            healthChecks: checks
              ? Object.fromEntries(
                  checks
                    .keys()
                    .map(cluster => [cluster, checks.getString(cluster)]),
                )
              : undefined,
          }),
        );
      },
    });
  },
});
