import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  DevelopmentIdentity,
  developmentAuthApiRef,
} from './developmentIdentity';

// Same id as the app plugin's default sign-in page, so this one replaces it.
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./SignInPage')).TrinitySignInPage,
  },
});

// The embedded default's second identity; unused where the sign-in page
// does not list it (trinity.signIn.providers).
const developmentAuthApi = ApiBlueprint.make({
  name: 'development-auth',
  params: defineParams =>
    defineParams({
      api: developmentAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) => new DevelopmentIdentity(discoveryApi),
    }),
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, developmentAuthApi],
});
