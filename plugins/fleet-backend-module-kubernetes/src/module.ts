import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  clusterReadMs,
  fleetSourcesExtensionPoint,
} from '@internal/plugin-fleet-node';
import { KubernetesProxyReader } from './KubernetesProxyReader';
import { createMeshSource } from './meshSource';
import { createPolicySource } from './policySource';
import { createRolloutSource } from './rolloutSource';
import { createWorkloadsSource } from './workloadsSource';

/** Adds the workloads, rollout, policy and mesh columns to the fleet view. */
export const fleetModuleKubernetes = createBackendModule({
  pluginId: 'fleet',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        fleet: fleetSourcesExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
      },
      async init({ fleet, discovery, auth, config, lifecycle }) {
        const settings = config.getOptionalConfig('trinity.fleet.kubernetes');
        const reader = new KubernetesProxyReader({
          discovery,
          auth,
          watch:
            settings?.getOptionalBoolean('watch') === false
              ? undefined
              : {
                  timeoutSeconds:
                    settings?.getOptionalNumber('watchTimeoutSeconds') ?? 240,
                  idleMs:
                    (settings?.getOptionalNumber('watchIdleSeconds') ?? 300) *
                    1000,
                  // A watch is trusted as long as a list would serve.
                  trustMs: clusterReadMs(config),
                },
        });
        lifecycle.addShutdownHook(() => reader.close());
        fleet.addSource(
          createWorkloadsSource(reader, config),
          createRolloutSource(reader, config),
          createPolicySource(reader, config),
          createMeshSource(reader, config),
        );
      },
    });
  },
});
