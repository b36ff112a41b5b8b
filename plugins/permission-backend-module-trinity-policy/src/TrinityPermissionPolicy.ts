import {
  BackstageUserInfo,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { grantFor } from './grants';

export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];
export const DEFAULT_ONCALL_GROUPS = ['group:default/oncall'];

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Trinity's permission policy. Decisions depend on the signed-in user's
 * catalog memberships (resolved at sign-in into ownership refs), never on the
 * calling plugin's own service identity: service-to-service calls do not reach
 * a policy at all.
 */
export class TrinityPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config, options: { userInfo: UserInfoService }) {
    const permissions = config.getOptionalConfig('trinity.permissions');
    return new TrinityPermissionPolicy({
      userInfo: options.userInfo,
      adminGroups:
        permissions?.getOptionalStringArray('adminGroups') ??
        DEFAULT_ADMIN_GROUPS,
      oncallGroups:
        permissions?.getOptionalStringArray('oncallGroups') ??
        DEFAULT_ONCALL_GROUPS,
    });
  }

  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      adminGroups: string[];
      oncallGroups: string[];
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return deny;
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    if (this.isMemberOfAny(info, this.options.adminGroups)) {
      return allow;
    }

    const { permission } = request;
    switch (grantFor(permission)) {
      case 'signed-in':
        return allow;
      case 'admins':
        return deny;
      case 'owner-or-oncall':
        if (this.isMemberOfAny(info, this.options.oncallGroups)) {
          return allow;
        }
        return this.ownerDecision(request, info);
      case 'oncall':
        return this.isMemberOfAny(info, this.options.oncallGroups)
          ? allow
          : deny;
      case 'owner':
        return this.ownerDecision(request, info);
      case 'task-creator':
        return this.taskCreatorDecision(request, info);
      default:
        return deny;
    }
  }

  private ownerDecision(
    request: PolicyQuery,
    info: BackstageUserInfo,
  ): PolicyDecision {
    const { permission } = request;
    // Ownership only has meaning for catalog entities; anything else that asks
    // for it is a mistake in the grant table and must not open up.
    if (
      !isResourcePermission(permission, 'catalog-entity') ||
      info.ownershipEntityRefs.length === 0
    ) {
      return deny;
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: info.ownershipEntityRefs }),
    );
  }

  /** A Scaffolder task permission, on the tasks the user created. */
  private taskCreatorDecision(
    request: PolicyQuery,
    info: BackstageUserInfo,
  ): PolicyDecision {
    const { permission } = request;
    if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
      return deny;
    }
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({
        createdBy: [info.userEntityRef],
      }),
    );
  }

  private isMemberOfAny(info: BackstageUserInfo, groups: string[]): boolean {
    const refs = new Set(
      info.ownershipEntityRefs.map(ref => ref.toLowerCase()),
    );
    return groups.some(group => refs.has(group.toLowerCase()));
  }
}
