import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { ProxiedIdentity } from './developmentIdentity';

/** Where the last identity is kept, so a reload signs in the same one. */
const LAST_PROVIDER = 'trinity:sign-in:provider';

export interface Identity {
  provider: string;
  title: string;
  description?: string;
}

/**
 * The embedded default's sign-in page: the guest and the development
 * identities (another team's member, a platform admin), one card each, so
 * that trying the portal shows what each may and may not do.
 */
export const IdentitiesSignInPage = (
  props: SignInPageProps & { identities: Identity[] },
) => {
  const { identities, onSignInSuccess } = props;
  const discovery = useApi(discoveryApiRef);
  const [busy, setBusy] = useState<string | undefined>(() => {
    const last = localStorage.getItem(LAST_PROVIDER);
    return identities.some(identity => identity.provider === last)
      ? last!
      : undefined;
  });
  const [error, setError] = useState<string>();

  const signIn = async (provider: string) => {
    setBusy(provider);
    setError(undefined);
    const identity = new ProxiedIdentity(discovery, provider, () =>
      localStorage.removeItem(LAST_PROVIDER),
    );
    try {
      await identity.refresh();
      localStorage.setItem(LAST_PROVIDER, provider);
      onSignInSuccess(identity);
    } catch (failure) {
      localStorage.removeItem(LAST_PROVIDER);
      setError(`Could not sign in: ${(failure as Error).message}`);
      setBusy(undefined);
    }
  };

  // After a reload, the identity chosen last signs in again by itself.
  useEffect(() => {
    if (busy) signIn(busy);
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Page themeId="home">
      <Header title="Trinity" subtitle="Sign in" />
      <Content>
        {busy && <Progress />}
        {error && (
          <Typography color="error" data-testid="sign-in-error" paragraph>
            {error}
          </Typography>
        )}
        <Grid container spacing={3} justifyContent="center">
          {identities.map(identity => (
            <Grid item xs={12} sm={6} md={4} key={identity.provider}>
              <InfoCard
                title={identity.title}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    disabled={!!busy}
                    data-testid={`sign-in-${identity.provider}`}
                    onClick={() => signIn(identity.provider)}
                  >
                    {identity.provider === 'guest' ? 'Enter' : 'Sign in'}
                  </Button>
                }
              >
                <Typography variant="body1">
                  {identity.description ?? ''}
                </Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
};
