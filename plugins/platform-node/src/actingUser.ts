import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/**
 * The credentials of the person an action acts for. The actions agents call
 * act as their user, with that user's permissions, never more: a call made
 * with a static token or as another plugin acts for no one and is refused,
 * whatever it asks.
 */
export function actingUser(
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  const principal = credentials.principal as { type?: string };
  if (principal.type !== 'user') {
    throw new NotAllowedError(
      'these actions act for a signed-in user: call them with that user’s token, not a static or service token',
    );
  }
  return credentials as BackstageCredentials<BackstageUserPrincipal>;
}
