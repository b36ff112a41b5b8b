import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { developmentAuthenticator, refuseInProduction } from './authenticator';

/** Provider ids this module serves: `development-payments`, `development-platform`, … */
export const DEVELOPMENT_PREFIX = 'development-';

/**
 * Registers one sign-in provider per `auth.providers.development-<name>`:
 * more identities on the embedded default next to the guest — a member of
 * another team, a platform admin who reviews the infra repo — each signed
 * in through the catalog like every user (so the permission policy sees
 * its real groups). Nothing is registered without such config, and sign-in
 * is refused when `auth.environment` is production.
 */
export const authModuleDevelopmentIdentity = createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-identity',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const environment = config.getOptionalString('auth.environment');
        const ids = (
          config.getOptionalConfig('auth.providers')?.keys() ?? []
        ).filter(id => id.startsWith(DEVELOPMENT_PREFIX));
        for (const providerId of ids) {
          providers.registerProvider({
            providerId,
            factory: createProxyAuthProviderFactory({
              authenticator: developmentAuthenticator,
              async signInResolver({ result }, ctx) {
                refuseInProduction(environment);
                return ctx.signInWithCatalogUser({
                  entityRef: result.userEntityRef,
                });
              },
            }),
          });
        }
      },
    });
  },
});
