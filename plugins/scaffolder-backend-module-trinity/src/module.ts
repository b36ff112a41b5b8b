import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createContextAction } from './actions/context';
import { createRegisterAction } from './actions/register';
import {
  createCheckoutAction,
  createPublishAction,
  createPullRequestAction,
} from './actions/repoActions';
import { createValidateProductAction } from './actions/validateProduct';
import { createProjectPlanAction } from './actions/projectPlan';
import { createUpgradePlanAction } from './actions/upgradePlan';
import { createServicePlanAction } from './actions/servicePlan';
import { createClusterPlanAction } from './actions/clusterPlan';
import { ForgeEntityProvider } from './catalog/forgeEntityProvider';
import { forgeFromConfig } from './forge/fromConfig';
import { LocalForge } from './forge/localForge';
import { createForgeRouter } from './router';

/** Trinity's Scaffolder actions and the local forge's API. */
export const scaffolderModuleTrinity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'trinity',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        http: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, http, httpAuth, logger }) {
        const forge = forgeFromConfig(config);
        // Repositories the local forge starts with (the infra repo).
        for (const seed of config.getOptionalConfigArray(
          'trinity.forge.local.seed',
        ) ?? []) {
          const repo = seed.getString('repo');
          const from = path.resolve(seed.getString('from'));
          if (!(await forge.getRepo(repo)) && fs.existsSync(from)) {
            await forge.createRepo(repo, from, {
              message: `Import ${repo}`,
              author: {
                name: 'Trinity',
                email: 'trinity@users.noreply.invalid',
              },
            });
            logger.info(`forge: created ${repo} from ${from}`);
          }
        }
        scaffolder.addActions(
          createContextAction(config, catalog),
          createValidateProductAction(config, catalog),
          createCheckoutAction(forge),
          createPublishAction(forge),
          createPullRequestAction(forge),
          createRegisterAction(catalog),
          createProjectPlanAction(),
          createUpgradePlanAction(config, catalog),
          createServicePlanAction(config, catalog),
          createClusterPlanAction(),
        );
        // The Forge page reads the local forge; GitHub has its own pages.
        if (forge instanceof LocalForge) {
          http.use(createForgeRouter(forge, httpAuth));
        }
      },
    });
  },
});

/** The catalog side: entities from every forge repository's catalog-info.yaml. */
export const catalogModuleTrinityForge = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'trinity-forge',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        // On GitHub, Backstage's own discovery reads the repositories
        // (catalog.providers.github); this provider is the local forge's.
        const forge = forgeFromConfig(config);
        if (!(forge instanceof LocalForge)) return;
        catalog.addEntityProvider(
          new ForgeEntityProvider(
            forge,
            logger,
            scheduler.createScheduledTaskRunner({
              frequency: { seconds: 30 },
              timeout: { seconds: 30 },
            }),
          ),
        );
      },
    });
  },
});
