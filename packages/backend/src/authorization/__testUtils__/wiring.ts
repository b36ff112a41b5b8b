/*
 * The production-wiring stand-ins of the matrix's backend (harness.ts), and
 * why each is not the production wiring:
 * - userInfo: the user and the groups of their `spec.memberOf`, as the
 *   sign-in resolver puts them into the token (catalog/org.yaml, plus ada).
 * - auth: the mock auth service, except that a token a plugin gets on behalf
 *   of a user keeps the plugin as the actor, as Backstage's own auth service
 *   does. The permission backend refuses a user token without an actor for
 *   conditional requests, and the apply-conditions endpoint refuses it too:
 *   with plain mock tokens every ownership decision would fail.
 * - The core Kubernetes plugin's proxy cannot run under Jest (a dynamic ESM
 *   import), so a stand-in serves its proxy contract by forwarding to the
 *   demo fleet, as plugins/fleet-backend/src/__testUtils__/fleetBackend.ts
 *   does; the fleet view needs it for its workloads column, which the
 *   traffic safety rules read.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthService,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { orgUsers } from './fixtures';

/** The user info service as sign-in fills it: the user and their groups. */
export function userInfoFromOrg() {
  const users = orgUsers();
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const ref = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        const user = users.find(u => `user:default/${u.metadata.name}` === ref);
        const groups = ((user?.spec?.memberOf as string[]) ?? []).map(
          g => `group:default/${g}`,
        );
        return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] };
      },
    }),
  });
}

/** Mock auth whose on-behalf-of user tokens name the calling plugin as actor. */
export const authKeepingActor = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => inner.authenticate(token, options),
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});

/** The core Kubernetes plugin's proxy contract, served from the demo fleet. */
export { kubernetesProxyStandIn } from '@internal/demo-fleet';
