import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  FleetRefreshRequest,
  fleetRefreshTopic,
} from '@internal/plugin-fleet-common';
import { trafficPermissions } from '@internal/plugin-traffic-common';
import {
  TrafficProvider,
  trafficProvidersExtensionPoint,
} from '@internal/plugin-traffic-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerTrafficActions } from './actions';
import { registerReleaseActions } from './releaseActions';
import { createRouter } from './router';
import { TrafficAccess } from './services/access';
import { ArgoSyncService } from './services/ArgoSyncService';
import { ProductApps } from './services/productApps';
import { ReleaseService } from './services/releases/ReleaseService';
import {
  forgeServiceRef,
  infraRepoFromConfig,
} from '@internal/plugin-forge-node';
import { fleetSignalsOverHttp } from './services/fleetSignals';
import { ProductBindings } from './services/ProductBindings';
import { TrafficService } from './services/TrafficService';
import { TrafficStore } from './services/TrafficStore';
import { EvacuationService } from './services/evacuation/EvacuationService';
import { EvacuationStore } from './services/evacuation/EvacuationStore';

/** The traffic backend plugin: wiring only; the work is in services/. */
export const trafficPlugin = createBackendPlugin({
  pluginId: 'traffic',
  register(env) {
    const providers = new Map<string, TrafficProvider>();
    env.registerExtensionPoint(trafficProvidersExtensionPoint, {
      addProvider(...added) {
        for (const provider of added) {
          if (providers.has(provider.id)) {
            throw new Error(
              `traffic provider ${provider.id} is registered twice`,
            );
          }
          providers.set(provider.id, provider);
        }
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        forge: forgeServiceRef,
      },
      async init(deps) {
        const { config } = deps;
        deps.permissionsRegistry.addPermissions(trafficPermissions);
        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@internal/plugin-traffic-backend',
              'migrations',
            ),
          });
        }
        const minHealthy = config.getOptionalConfig(
          'trinity.traffic.minHealthyClusters',
        );
        const store = new TrafficStore(db);
        const bindings = ProductBindings.fromConfig(config, deps.catalog);
        const seconds = (key: string) => {
          const value = config.getOptionalNumber(`trinity.traffic.${key}`);
          return value === undefined ? undefined : value * 1000;
        };
        const fleet = fleetSignalsOverHttp(deps);
        // The fleet reads a product's column again at once after a change.
        const refreshFleet = (entityRef: string, source: string) => {
          const request: FleetRefreshRequest = { entityRef, source };
          deps.events
            .publish({ topic: fleetRefreshTopic, eventPayload: request })
            .catch(error =>
              deps.logger.warn(`could not ask the fleet to refresh: ${error}`),
            );
        };
        const traffic = new TrafficService({
          store,
          providers,
          fleet,
          logger: deps.logger,
          auditor: deps.auditor,
          // The Fleet tab's Traffic column reads this change again at once.
          onApplied: entity =>
            refreshFleet(stringifyEntityRef(entity), 'traffic'),
          cooldownMs:
            (config.getOptionalNumber('trinity.traffic.cooldownSeconds') ??
              120) * 1000,
          providerTimeoutMs: seconds('providerTimeoutSeconds'),
          settleAfterMs: seconds('settleAfterSeconds'),
          minHealthyByTier: minHealthy
            ? Object.fromEntries(
                minHealthy
                  .keys()
                  .map(tier => [tier, minHealthy.getNumber(tier)]),
              )
            : undefined,
        });
        const apps = new ProductApps({
          catalog: deps.catalog,
          auth: deps.auth,
          config,
        });
        const argoSync = new ArgoSyncService({
          catalog: deps.catalog,
          auth: deps.auth,
          config,
          store,
          apps,
        });
        const releases = new ReleaseService({
          forge: deps.forge,
          infraRepo: infraRepoFromConfig(config),
          apps,
          store,
          onChanged: refreshFleet,
        });
        const evacuations = new EvacuationService({
          store: new EvacuationStore(db),
          traffic,
          autoSync: argoSync,
          fleet,
          auditor: deps.auditor,
          notify: notification => deps.notifications.send(notification),
          catalog: deps.catalog,
          bindings,
          auth: deps.auth,
          logger: deps.logger,
          leaseMs: seconds('evacuation.leaseSeconds'),
          verifyTimeoutMs: seconds('evacuation.verifyTimeoutSeconds'),
        });
        // Evacuations whose replica stopped mid-run are taken over (their
        // lease lapsed); a step applied before is replayed, not repeated.
        // Then freezes past their expiry are lifted, and finished runs'
        // SLO recovery is looked at.
        await deps.scheduler.scheduleTask({
          id: 'traffic-resume-evacuations',
          frequency: {
            seconds:
              config.getOptionalNumber(
                'trinity.traffic.evacuation.checkEverySeconds',
              ) ?? 15,
          },
          timeout: { seconds: 60 },
          scope: 'global',
          fn: async () => {
            const resumed = await evacuations.resumeOrphans();
            if (resumed) deps.logger.info(`resumed ${resumed} evacuations`);
            const thawed = await evacuations.expireFreezes();
            if (thawed) deps.logger.info(`lifted ${thawed} expired freezes`);
            await evacuations.watchRecovery();
          },
        });
        // Expired drains are restored by one replica (global scope).
        await deps.scheduler.scheduleTask({
          id: 'traffic-expire-drains',
          frequency: { seconds: 15 },
          timeout: { seconds: 60 },
          scope: 'global',
          fn: async () => {
            const credentials = await deps.auth.getOwnServiceCredentials();
            const productOf = async (ref: string) => {
              const entity = await deps.catalog.getEntityByRef(ref, {
                credentials,
              });
              return entity
                ? { entity, binding: await bindings.of(entity, credentials) }
                : undefined;
            };
            // Changes a stopped replica left pending, then expired drains.
            const settled = await traffic.settleStale(productOf);
            if (settled)
              deps.logger.info(`settled ${settled} interrupted changes`);
            const restored = await traffic.expireDue(productOf);
            if (restored)
              deps.logger.info(`restored ${restored} expired drains`);
          },
        });
        // One set of guard rails for the API and the actions agents call.
        const access = new TrafficAccess({
          catalog: deps.catalog,
          bindings,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });
        registerTrafficActions(deps.actionsRegistry, {
          access,
          traffic,
          autoSync: argoSync,
          evacuations,
        });
        registerReleaseActions(deps.actionsRegistry, { access, releases });
        deps.httpRouter.use(
          await createRouter({
            traffic,
            evacuations,
            argoSync,
            releases,
            access,
            httpAuth: deps.httpAuth,
          }),
        );
      },
    });
  },
});
