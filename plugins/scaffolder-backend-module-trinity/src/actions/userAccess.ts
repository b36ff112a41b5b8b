import { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { parseRepoRef } from '@internal/plugin-forge-node';

/** Who runs a template: the groups they are in, and whether they are a platform admin. */
export interface UserAccess {
  userEntityRef: string;
  /** Names of the groups (in the default namespace) the user belongs to. */
  teams: string[];
  admin: boolean;
}

/**
 * What the initiator of a task may act for, from their ownership refs (the
 * groups they are a member of, resolved at sign-in) — never from what the
 * template's parameters say. Platform admins are the groups of
 * `trinity.permissions.adminGroups` (default `group:default/platform-admins`),
 * as in the permission policy.
 */
export async function userAccessOf(
  ctx: ActionContext<any, any>,
  userInfo: UserInfoService,
  config: Config,
): Promise<UserAccess> {
  const credentials = await ctx.getInitiatorCredentials();
  if ((credentials.principal as { type?: string }).type !== 'user') {
    throw new NotAllowedError('templates run on behalf of a signed-in user');
  }
  const info = await userInfo.getUserInfo(credentials);
  const refs = info.ownershipEntityRefs.map(ref =>
    ref.toLocaleLowerCase('en-US'),
  );
  const adminGroups = (
    config.getOptionalStringArray('trinity.permissions.adminGroups') ?? [
      'group:default/platform-admins',
    ]
  ).map(group => group.toLocaleLowerCase('en-US'));
  return {
    userEntityRef: info.userEntityRef,
    teams: refs
      .map(ref => parseEntityRef(ref))
      .filter(
        parsed => parsed.kind === 'group' && parsed.namespace === 'default',
      )
      .map(parsed => parsed.name),
    admin: refs.some(ref => adminGroups.includes(ref)),
  };
}

/**
 * Refuses a repository the user has no business reading or writing through
 * the portal's credentials: allowed are the infra repo and the repositories
 * of the user's own teams (`<team>/<product>`); platform admins may use any.
 */
export function checkRepoAccess(
  access: UserAccess,
  repo: string,
  infraRepo: string,
) {
  if (access.admin || repo === infraRepo) return;
  const { owner } = parseRepoRef(repo);
  if (!access.teams.includes(owner)) {
    throw new NotAllowedError(
      `${repo} belongs to ${owner}, and ${access.userEntityRef} is not a member; a template reads and writes only the infra repo and your teams' repositories`,
    );
  }
}
