import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { fleetSourcesExtensionPoint } from '@internal/plugin-fleet-node';
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
      },
      async init({ fleet, discovery, auth, config }) {
        const reader = new KubernetesProxyReader({ discovery, auth });
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
