import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  channelsOf,
  FleetChange,
  fleetPermissions,
  FleetRefreshRequest,
  fleetRefreshTopic,
} from '@internal/plugin-fleet-common';
import {
  FleetSource,
  fleetSourcesExtensionPoint,
} from '@internal/plugin-fleet-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerFleetActions } from './actions';
import { createRouter } from './router';
import { FleetReads } from './services/FleetReads';
import { CellCache } from './services/CellCache';
import { ClusterDirectory } from '@internal/plugin-platform-node';
import { FleetService } from './services/FleetService';
import { refreshFleet } from './services/refresher';
import { shareChanges } from './services/changes';

/** The fleet backend plugin: wiring only; the work is in services/. */
export const fleetPlugin = createBackendPlugin({
  pluginId: 'fleet',
  register(env) {
    const sources: FleetSource[] = [];
    env.registerExtensionPoint(fleetSourcesExtensionPoint, {
      addSource(...added) {
        for (const source of added) {
          if (sources.some(existing => existing.id === source.id)) {
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
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config } = deps;
        deps.permissionsRegistry.addPermissions(fleetPermissions);
        const seconds = (key: string, fallback: number) =>
          (config.getOptionalNumber(`trinity.fleet.cache.${key}`) ?? fallback) *
          1000;
        const deadlineMs =
          config.getOptionalNumber('trinity.fleet.deadlineMs') ?? 2000;
        const shared =
          (config.getOptionalString('backend.cache.store') ?? 'memory') !==
          'memory';
        // Told of every cell that reads differently (the shared reads
        // below assemble that product again).
        const changeListeners: Array<(change: FleetChange) => void> = [];
        const freshMs = seconds('freshSeconds', 10);
        const fleet = new FleetService({
          clusters: new ClusterDirectory({
            catalog: deps.catalog,
            auth: deps.auth,
          }),
          sources,
          cells: new CellCache({
            cache: deps.cache,
            freshMs,
            staleMs: seconds('staleSeconds', 300),
            errorMs: seconds('errorSeconds', 5),
            graceMs:
              config.getOptionalNumber('trinity.fleet.cache.graceMs') ?? 250,
            // Replicas share a Redis or Memcache store; memory is per process.
            lease: shared ? { ttlMs: deadlineMs * 2 } : undefined,
            // What a replica serves from its own copy before asking the
            // shared store again (a memory store is this process's own).
            localMs: shared
              ? config.getOptionalNumber('trinity.fleet.cache.localMs') ?? 1000
              : undefined,
          }),
          deadlineMs,
          logger: deps.logger,
          // Open pages load again when a cell they show changes (they poll
          // only as a fallback). Broadcast: the message names the cell, not
          // its content; pages read that through the permission-checked API.
          onChange: (change: FleetChange) => {
            for (const listener of changeListeners) listener(change);
            for (const channel of channelsOf(change)) {
              deps.signals
                .publish({
                  recipients: { type: 'broadcast' },
                  channel,
                  message: { ...change },
                })
                .catch(error =>
                  deps.logger.warn(
                    `fleet signal on ${channel} failed: ${error}`,
                  ),
                );
            }
          },
        });
        // Keeps cells warm for entities nobody is viewing. Global scope: with
        // several replicas one of them runs it, and the cache is shared.
        const interval = config.getOptionalNumber(
          'trinity.fleet.refresh.intervalSeconds',
        );
        if (interval !== 0) {
          await deps.scheduler.scheduleTask({
            id: 'fleet-refresh',
            frequency: { seconds: interval ?? 10 },
            timeout: { seconds: Math.max(30, (interval ?? 10) * 2) },
            initialDelay: { seconds: Math.min(15, interval ?? 10) },
            scope: 'global',
            fn: async () => {
              const { entities, failed } = await refreshFleet({
                catalog: deps.catalog,
                auth: deps.auth,
                fleet,
                logger: deps.logger,
              });
              deps.logger.debug(
                `fleet refresh: ${entities} entities, ${failed} failed`,
              );
            },
          });
        }
        // Another family changed what a source reads (a drain): read it
        // again now, so every page shows what the change left.
        await deps.events.subscribe({
          id: 'fleet-refresh-requests',
          topics: [fleetRefreshTopic],
          onEvent: async ({ eventPayload }) => {
            const { entityRef, source } = eventPayload as FleetRefreshRequest;
            const entity = await deps.catalog.getEntityByRef(entityRef, {
              credentials: await deps.auth.getOwnServiceCredentials(),
            });
            if (entity) await fleet.renew(entity, source);
          },
        });
        // The caller's own reads, for the API and the actions agents call.
        const reads = new FleetReads({
          fleet,
          permissions: deps.permissions,
          catalog: deps.catalog,
          // An assembly serves until a change to it is heard (from this
          // process, or another replica over the events bus), at most as
          // long as a cell is fresh.
          shareMs: freshMs,
        });
        changeListeners.push(change => reads.changed(change));
        if (shared) {
          // Replicas share the store, each keeps copies: tell the others.
          const changes = await shareChanges({
            events: deps.events,
            onRemote: change => {
              fleet.forget(change);
              reads.changed(change);
            },
            onError: error =>
              deps.logger.warn(`fleet change not shared: ${error}`),
          });
          changeListeners.push(changes.publish);
        }
        registerFleetActions(deps.actionsRegistry, reads);
        deps.httpRouter.use(
          await createRouter({
            fleet,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            reads,
          }),
        );
      },
    });
  },
});
