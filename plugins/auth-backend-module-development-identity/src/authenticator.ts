import { NotAllowedError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/**
 * Authenticates nobody in particular: like the guest provider, every
 * refresh signs in the one configured identity. It exists so that the
 * embedded default has a user outside the guest's team to try the
 * portal's refusals with; it refuses to run in production.
 */
export const developmentAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return { userEntityRef: config.getString('userEntityRef') };
  },
  async authenticate(_options, ctx) {
    return { result: { userEntityRef: ctx.userEntityRef } };
  },
});

export function refuseInProduction(environment: string | undefined) {
  if (environment === 'production') {
    throw new NotAllowedError(
      'the development identity is not available when auth.environment is production',
    );
  }
}
