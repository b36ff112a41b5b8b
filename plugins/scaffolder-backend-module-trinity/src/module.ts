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
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { yamlScalar } from './templating/yamlScalar';
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
import { EntryPointClaimProcessor } from './catalog/entryPointClaimProcessor';
import { InfraTenantProvider } from './catalog/infraTenantProvider';
import { forgeFromConfig, infraRepoFromConfig } from './forge/fromConfig';
import { LocalForge } from './forge/localForge';
import { createForgeRouter } from './router';
import { createTaskRequestGuard } from './taskRequestGuard';
import { forgePermissions } from './forge/permissions';
import { forgeChanges } from './forge/events';

/** Trinity's Scaffolder actions and the local forge's API. */
export const scaffolderModuleTrinity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'trinity',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        http: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        userInfo: coreServices.userInfo,
      },
      async init({
        scaffolder,
        templating,
        config,
        catalog,
        http,
        httpAuth,
        logger,
        permissions,
        permissionsRegistry,
        auditor,
        userInfo,
      }) {
        permissionsRegistry.addPermissions(forgePermissions);
        // `| yaml`: every value the templates write into YAML goes through
        // it, so what a user types cannot change the file's structure.
        templating.addTemplateFilters({ yaml: value => yamlScalar(value) });
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
            forgeChanges.emit('changed', repo);
          }
        }
        // Before the Scaffolder's own routes: sizes and templateRef checked.
        http.use(createTaskRequestGuard());
        const repoDeps = { forge, userInfo, config };
        scaffolder.addActions(
          createContextAction(config, catalog),
          createValidateProductAction(config, catalog, userInfo),
          createCheckoutAction(repoDeps),
          createPublishAction(repoDeps),
          createPullRequestAction(repoDeps),
          createRegisterAction(catalog),
          createProjectPlanAction(),
          createUpgradePlanAction(config, catalog),
          createServicePlanAction(config, catalog, userInfo),
          createClusterPlanAction(),
        );
        // The Forge page reads the local forge; GitHub has its own pages.
        if (forge instanceof LocalForge) {
          http.use(
            createForgeRouter({
              forge,
              infraRepo: infraRepoFromConfig(config),
              httpAuth,
              permissions,
              catalog,
              auditor,
            }),
          );
        }
      },
    });
  },
});

/**
 * The catalog side: the infra repo's tenants and entry points (the reviewed
 * source of what a product may touch), the check of products' entry-point
 * claims against them, and, on the local forge, the products' own
 * entities from their repositories' catalog-info.yaml.
 */
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
        const forge = forgeFromConfig(config);
        const tenants = new InfraTenantProvider({
          forge,
          infraRepo: infraRepoFromConfig(config),
          logger,
          runner: scheduler.createScheduledTaskRunner({
            frequency: { seconds: 30 },
            timeout: { minutes: 2 },
          }),
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
          ),
        );
      },
    });
  },
});
