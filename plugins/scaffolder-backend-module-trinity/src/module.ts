import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { forgeServiceRef } from '@internal/plugin-forge-node';
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
import { createTaskRequestGuard } from './taskRequestGuard';

/**
 * Trinity's Scaffolder actions, the templates' `yaml` filter and the check
 * of task requests. The forge they publish to is the forge family's
 * (`forgeServiceRef` of `@internal/plugin-forge-node`); its page, API and
 * catalog side are the forge backend and the forge catalog module.
 */
export const scaffolderModuleTrinity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'trinity',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        forge: forgeServiceRef,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        http: coreServices.httpRouter,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({
        scaffolder,
        templating,
        forge,
        config,
        catalog,
        events,
        http,
        logger,
        userInfo,
      }) {
        // `| yaml`: every value the templates write into YAML goes through
        // it, so what a user types cannot change the file's structure.
        templating.addTemplateFilters({ yaml: value => yamlScalar(value) });
        // Before the Scaffolder's own routes: sizes and templateRef checked.
        http.use(createTaskRequestGuard());
        const repoDeps = { forge, userInfo, config, events, logger };
        scaffolder.addActions(
          createContextAction(config, catalog),
          createValidateProductAction(config, catalog, userInfo),
          createCheckoutAction(repoDeps),
          createPublishAction(repoDeps),
          createPullRequestAction(repoDeps),
          createRegisterAction(catalog, { events, logger }),
          createProjectPlanAction(),
          createUpgradePlanAction(config, catalog),
          createServicePlanAction(config, catalog, userInfo),
          createClusterPlanAction(),
        );
      },
    });
  },
});
