import {
  BackstageUserIdentity,
  DiscoveryApi,
  IdentityApi,
  ProfileInfo,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * A user signed in through one of the auth backend's proxy providers (the
 * guest, or a development identity): every refresh asks the provider for
 * a fresh Backstage token, done a minute before the current one expires.
 */
export class ProxiedIdentity implements IdentityApi {
  private session?: {
    token: string;
    expiresAt: number;
    identity: BackstageUserIdentity;
    profile: ProfileInfo;
  };

  constructor(
    private readonly discovery: DiscoveryApi,
    readonly provider: string,
    private readonly onSignOut: () => void,
  ) {}

  /** Signs in (again); rejects with the provider's answer when it refuses. */
  async refresh() {
    const base = await this.discovery.getBaseUrl('auth');
    const res = await fetch(
      `${base}/${encodeURIComponent(this.provider)}/refresh`,
      {
        credentials: 'include',
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = await res.json();
    const token: string = body.backstageIdentity.token;
    const claims = JSON.parse(
      atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
    );
    this.session = {
      token,
      expiresAt: claims.exp * 1000,
      identity: body.backstageIdentity.identity,
      profile: body.profile ?? {},
    };
    return this.session;
  }

  private async current() {
    const session = this.session;
    // A minute of margin: a token must not expire on its way to a backend.
    return session && session.expiresAt - 60_000 > Date.now()
      ? session
      : this.refresh();
  }

  async getProfileInfo(): Promise<ProfileInfo> {
    return (await this.current()).profile;
  }

  async getBackstageIdentity(): Promise<BackstageUserIdentity> {
    return (await this.current()).identity;
  }

  async getCredentials(): Promise<{ token?: string }> {
    return { token: (await this.current()).token };
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.onSignOut();
  }
}
