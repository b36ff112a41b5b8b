import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  createApiRef,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Observable } from '@backstage/types';

type DevelopmentAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;

/** The embedded default's second identity (auth-backend-module-development-identity). */
export const developmentAuthApiRef = createApiRef<DevelopmentAuthApi>({
  id: 'trinity.auth.development',
});

/** A tiny observable of session states, enough for the sign-in page. */
function sessionStates() {
  const listeners = new Set<(state: SessionState) => void>();
  const observable: Observable<SessionState> = {
    [Symbol.observable]() {
      return observable;
    },
    subscribe(observer: any) {
      const next =
        typeof observer === 'function' ? observer : observer?.next?.bind(observer);
      if (next) listeners.add(next);
      return {
        closed: false,
        unsubscribe() {
          if (next) listeners.delete(next);
        },
      };
    },
  };
  return {
    observable,
    emit: (state: SessionState) => listeners.forEach(l => l(state)),
  };
}

/**
 * Signs in the configured development identity through the auth backend's
 * `development` proxy provider — the way the guest provider works — and
 * refreshes its token before it expires.
 */
export class DevelopmentIdentity implements DevelopmentAuthApi {
  private session?: {
    response: BackstageIdentityResponse;
    profile: ProfileInfo;
  };
  private readonly states = sessionStates();

  constructor(private readonly discovery: DiscoveryApi) {}

  private async refresh() {
    const base = await this.discovery.getBaseUrl('auth');
    const res = await fetch(`${base}/development/refresh`, {
      credentials: 'include',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = await res.json();
    const token: string = body.backstageIdentity.token;
    const claims = JSON.parse(
      atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
    );
    this.session = {
      response: {
        token,
        identity: body.backstageIdentity.identity,
        expiresAt: new Date(claims.exp * 1000),
      },
      profile: body.profile ?? {},
    };
    this.states.emit(SessionState.SignedIn);
    return this.session;
  }

  private async current() {
    const expiresAt = this.session?.response.expiresAt?.getTime() ?? 0;
    // A minute of margin: a token must not expire on its way to a backend.
    return expiresAt - 60_000 > Date.now() ? this.session! : this.refresh();
  }

  async getBackstageIdentity(): Promise<BackstageIdentityResponse> {
    return (await this.current()).response;
  }

  async getProfile(): Promise<ProfileInfo> {
    return (await this.current()).profile;
  }

  async signIn() {
    await this.refresh();
  }

  async signOut() {
    this.session = undefined;
    this.states.emit(SessionState.SignedOut);
  }

  sessionState$() {
    return this.states.observable;
  }
}
