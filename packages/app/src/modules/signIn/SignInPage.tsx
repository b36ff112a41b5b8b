import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { IdentitiesSignInPage } from './IdentitiesSignInPage';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your company GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * What the config asks for, without a rebuild: the embedded default lists
 * its identities (`trinity.signIn.identities`: the guest and the
 * development ones); production offers `trinity.signIn.providers` (GitHub).
 */
export const TrinitySignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const identities = (
    config.getOptionalConfigArray('trinity.signIn.identities') ?? []
  ).map(identity => ({
    provider: identity.getString('provider'),
    title: identity.getString('title'),
    description: identity.getOptionalString('description'),
  }));
  if (identities.length) {
    return <IdentitiesSignInPage {...props} identities={identities} />;
  }
  const names = config.getOptionalStringArray('trinity.signIn.providers') ?? [
    'guest',
  ];
  const providers: Array<'guest' | SignInProviderConfig> = [];
  for (const name of names) {
    if (name === 'guest') providers.push('guest');
    if (name === 'github') providers.push(github);
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
