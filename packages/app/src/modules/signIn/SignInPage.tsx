import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { developmentAuthApiRef } from './developmentIdentity';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your company GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * The sign-in providers come from `trinity.signIn.providers`, so the embedded
 * default offers guest (and a second, development-only identity in another
 * team) and production offers GitHub without a rebuild.
 */
export const TrinitySignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('trinity.signIn.providers') ?? [
    'guest',
  ];
  const providers: Array<'guest' | SignInProviderConfig> = [];
  for (const name of names) {
    if (name === 'guest') providers.push('guest');
    if (name === 'github') providers.push(github);
    if (name === 'development') {
      providers.push({
        id: 'development-auth-provider',
        title:
          config.getOptionalString('trinity.signIn.developmentIdentity.title') ??
          'Development identity',
        message:
          config.getOptionalString(
            'trinity.signIn.developmentIdentity.description',
          ) ?? 'A second identity in another team (development only).',
        apiRef: developmentAuthApiRef,
      });
    }
  }
  return (
    <SignInPage
      {...props}
      title="Trinity"
      align="center"
      providers={providers}
    />
  );
};
