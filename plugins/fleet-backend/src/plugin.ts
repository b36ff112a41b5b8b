import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { fleetPermissions } from '@internal/plugin-fleet-common';
import {
  FleetSource,
  fleetSourcesExtensionPoint,
} from '@internal/plugin-fleet-node';
import { createRouter } from './router';
import { CellCache } from './services/CellCache';
import { ClusterDirectory } from './services/ClusterDirectory';
import { FleetService } from './services/FleetService';

/** The fleet backend plugin: wiring only; the work is in services/. */
export const fleetPlugin = createBackendPlugin({
  pluginId: 'fleet',
  register(env) {
    const sources: FleetSource[] = [];
    env.registerExtensionPoint(fleetSourcesExtensionPoint, {
      addSource(...added) {
        for (const source of added) {
          if (sources.some(s => s.id === source.id)) {
            throw new Error(`fleet source ${source.id} is registered twice`);
          }
          sources.push(source);
        }
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config } = deps;
        deps.permissionsRegistry.addPermissions(fleetPermissions);
        const seconds = (key: string, fallback: number) =>
          (config.getOptionalNumber(`fleet.cache.${key}`) ?? fallback) * 1000;
        const fleet = new FleetService({
          clusters: new ClusterDirectory({
            catalog: deps.catalog,
            auth: deps.auth,
          }),
          sources,
          cells: new CellCache({
            cache: deps.cache,
            freshMs: seconds('freshSeconds', 15),
            staleMs: seconds('staleSeconds', 300),
            errorMs: seconds('errorSeconds', 5),
          }),
          deadlineMs: config.getOptionalNumber('fleet.deadlineMs') ?? 2000,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            fleet,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
          }),
        );
      },
    });
  },
});
