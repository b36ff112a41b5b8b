import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { developmentAuthenticator, refuseInProduction } from './authenticator';

/**
 * Registers the `development` sign-in provider: one more identity on the
 * embedded default, a member of another team than the guest's, signed in
 * through the catalog like every user (so the permission policy sees its
 * real groups). Nothing is registered without
 * `auth.providers.development`, and it refuses sign-in in production.
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
        if (!config.has('auth.providers.development')) return;
        const environment = config.getOptionalString('auth.environment');
        providers.registerProvider({
          providerId: 'development',
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
      },
    });
  },
});
