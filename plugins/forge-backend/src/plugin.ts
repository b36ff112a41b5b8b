import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { forgePermissions } from '@internal/plugin-forge-common';
import {
  forgeServiceRef,
  infraRepoFromConfig,
  LocalForge,
} from '@internal/plugin-forge-node';
import { createForgeRouter } from './router';
import { seedForge } from './seed';

/**
 * The forge backend: the forge's permissions, the local forge's seed
 * repositories, and the Forge page's API (`/api/forge/…`) on the local
 * forge. The forge itself is `forgeServiceRef` (app-config
 * `trinity.forge`), shared with the Scaffolder and catalog modules.
 */
export const forgePlugin = createBackendPlugin({
  pluginId: 'forge',
  register(env) {
    env.registerInit({
      deps: {
        forge: forgeServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        http: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { forge, config, http } = deps;
        deps.permissionsRegistry.addPermissions(forgePermissions);
        await seedForge(deps);
        // The Forge page reads the local forge; GitHub has its own pages.
        if (forge instanceof LocalForge) {
          http.use(
            await createForgeRouter({
              ...deps,
              forge,
              infraRepo: infraRepoFromConfig(config),
            }),
          );
        }
      },
    });
  },
});
