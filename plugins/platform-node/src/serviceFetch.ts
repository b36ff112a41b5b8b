import { AuthService } from '@backstage/backend-plugin-api';

/**
 * A fetch that calls another plugin of this backend as this plugin (service
 * to service): every request carries a token for `targetPluginId`. For the
 * typed clients (`FleetClient`, `TrafficClient`) and direct calls alike.
 */
export function serviceFetch(
  auth: AuthService,
  targetPluginId: string,
): { fetch: typeof fetch } {
  return {
    fetch: async (url, init) => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId,
      });
      return fetch(url, {
        ...init,
        headers: { ...init?.headers, Authorization: `Bearer ${token}` },
      });
    },
  };
}
