import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  forgeServiceRef,
  infraRepoFromConfig,
  LocalForge,
} from '@internal/plugin-forge-node';
import { EntryPointClaimProcessor } from './entryPointClaimProcessor';
import { ForgeEntityProvider } from './forgeEntityProvider';
import { InfraTenantProvider } from './infraTenantProvider';

/**
 * The catalog side of the forge: the infra repo's tenants and entry points
 * (the reviewed source of what a product may touch), the check of
 * products' entry-point claims against them, and, on the local forge, the
 * products' own entities from their repositories' catalog-info.yaml. Both
 * providers read on a schedule and at once on the forge's repo-changed
 * event.
 */
export const catalogModuleForge = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'forge',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        forge: forgeServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({ catalog, forge, config, logger, scheduler, events }) {
        const tenants = new InfraTenantProvider({
          forge,
          infraRepo: infraRepoFromConfig(config),
          logger,
          runner: scheduler.createScheduledTaskRunner({
            frequency: { seconds: 30 },
            timeout: { minutes: 2 },
          }),
          events,
        });
        catalog.addEntityProvider(tenants);
        catalog.addProcessor(new EntryPointClaimProcessor(tenants));
        // On GitHub, Backstage's own discovery reads the repositories
        // (catalog.providers.github); this provider is the local forge's.
        if (!(forge instanceof LocalForge)) return;
        catalog.addEntityProvider(
          new ForgeEntityProvider(
            forge,
            logger,
            scheduler.createScheduledTaskRunner({
              frequency: { seconds: 30 },
              timeout: { seconds: 30 },
            }),
            events,
          ),
        );
      },
    });
  },
});
