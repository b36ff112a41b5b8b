import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { forgeFromConfig } from './fromConfig';
import { Forge } from './types';

/**
 * The forge app-config names (`trinity.forge`), one instance per backend:
 * the forge backend, the Scaffolder module and the catalog module share it,
 * so the local forge's writes (its record file, branch updates) stay
 * serialised whichever plugin makes them.
 */
export const forgeServiceRef = createServiceRef<Forge>({
  id: 'trinity.forge',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => forgeFromConfig(config),
    }),
});
