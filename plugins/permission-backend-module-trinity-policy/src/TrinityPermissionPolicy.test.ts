import { mockCredentials } from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { fleetEntityReadPermission } from '@internal/plugin-fleet-common';
import {
  trafficReadPermission,
  trafficShiftPermission,
  trafficEvacuatePermission,
} from '@internal/plugin-traffic-common';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { ConfigReader } from '@backstage/config';
import { TrinityPermissionPolicy } from './TrinityPermissionPolicy';

const memberships: Record<string, string[]> = {
  'user:default/guest': ['user:default/guest', 'group:default/team-storefront'],
  'user:default/ada': ['user:default/ada', 'group:default/platform-admins'],
  'user:default/otto': ['user:default/otto', 'group:default/oncall'],
  'user:default/nobody': ['user:default/nobody'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials: BackstageCredentials) {
    const ref = (credentials.principal as BackstageUserPrincipal).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: memberships[ref] };
  },
};

const policy = new TrinityPermissionPolicy({
  userInfo,
  adminGroups: ['group:default/platform-admins'],
  oncallGroups: ['group:default/oncall'],
});

const taskOwnerCondition = (ref: string) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'scaffolder',
  resourceType: 'scaffolder-task',
  conditions: {
    rule: 'IS_TASK_OWNER',
    resourceType: 'scaffolder-task',
    params: { createdBy: [ref] },
  },
});
const infraMerge = createPermission({
  name: 'forge.infra.merge',
  attributes: { action: 'update' },
});
const productMerge = createPermission({
  name: 'forge.pullrequest.merge',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

function userQuery(ref: string) {
  const credentials = mockCredentials.user(ref);
  return { credentials, info: { userEntityRef: ref, ownershipEntityRefs: [] } };
}

const ownerCondition = (claims: string[]) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims },
  },
});

const shiftPermission = createPermission({
  name: 'test.entrypoint.shift',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

describe('TrinityPermissionPolicy', () => {
  const cases: Array<[string, string, Permission, object]> = [
    [
      'a signed-in user reads the fleet view of any product',
      'user:default/nobody',
      fleetEntityReadPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a signed-in user reads the catalog',
      'user:default/nobody',
      catalogEntityReadPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a product team member registers a new product',
      'user:default/guest',
      catalogLocationCreatePermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a product team member runs a template',
      'user:default/guest',
      taskCreatePermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'deleting an entity is limited to its owners',
      'user:default/guest',
      catalogEntityDeletePermission,
      ownerCondition(memberships['user:default/guest']),
    ],
    [
      'refreshing an entity is limited to its owners',
      'user:default/nobody',
      catalogEntityRefreshPermission,
      ownerCondition(memberships['user:default/nobody']),
    ],
    [
      'a user outside platform-admins cannot delete a location',
      'user:default/guest',
      catalogLocationDeletePermission,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a user outside platform-admins cannot manage templates',
      'user:default/guest',
      templateManagementPermission,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a user outside platform-admins cannot use the raw Kubernetes proxy',
      'user:default/otto',
      kubernetesProxyPermission,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a platform admin deletes a location',
      'user:default/ada',
      catalogLocationDeletePermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a platform admin deletes any entity unconditionally',
      'user:default/ada',
      catalogEntityDeletePermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'an unknown changing permission on an entity falls back to ownership',
      'user:default/otto',
      shiftPermission,
      ownerCondition(memberships['user:default/otto']),
    ],
    [
      "shifting a product's traffic is for its owners",
      'user:default/guest',
      trafficShiftPermission,
      ownerCondition(memberships['user:default/guest']),
    ],
    [
      "a signed-in user reads any product's traffic",
      'user:default/nobody',
      trafficReadPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'dry-running an inline template is for platform admins',
      'user:default/guest',
      templateDryRunPermission,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a platform admin dry-runs a template',
      'user:default/ada',
      templateDryRunPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a task is readable by its creator only',
      'user:default/guest',
      taskReadPermission,
      taskOwnerCondition('user:default/guest'),
    ],
    [
      'a task is cancellable by its creator only',
      'user:default/otto',
      taskCancelPermission,
      taskOwnerCondition('user:default/otto'),
    ],
    [
      'a platform admin reads every task',
      'user:default/ada',
      taskReadPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      "merging a product's pull request is for its owners",
      'user:default/guest',
      productMerge,
      ownerCondition(memberships['user:default/guest']),
    ],
    [
      'merging to the infra repo is for platform admins, not on-call',
      'user:default/otto',
      infraMerge,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a platform admin merges to the infra repo',
      'user:default/ada',
      infraMerge,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'on-call may shift any product’s traffic',
      'user:default/otto',
      trafficShiftPermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      'a user outside the owner group and on-call gets only the owner condition',
      'user:default/nobody',
      trafficShiftPermission,
      ownerCondition(memberships['user:default/nobody']),
    ],
    [
      'on-call may evacuate a cluster',
      'user:default/otto',
      trafficEvacuatePermission,
      { result: AuthorizeResult.ALLOW },
    ],
    [
      "a product's owner may not evacuate a cluster (every product moves)",
      'user:default/guest',
      trafficEvacuatePermission,
      { result: AuthorizeResult.DENY },
    ],
    [
      'a platform admin may evacuate a cluster',
      'user:default/ada',
      trafficEvacuatePermission,
      { result: AuthorizeResult.ALLOW },
    ],
  ];

  it.each(cases)('%s', async (_title, user, permission, expected) => {
    await expect(
      policy.handle({ permission }, userQuery(user)),
    ).resolves.toEqual(expected);
  });

  it('denies a request that carries no user', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies an unknown non-entity permission that changes something', async () => {
    const permission = createPermission({
      name: 'test.widget.delete',
      attributes: { action: 'delete' },
    });
    await expect(
      policy.handle({ permission }, userQuery('user:default/guest')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('reads the admin groups from config', async () => {
    const configured = TrinityPermissionPolicy.fromConfig(
      new ConfigReader({
        trinity: { permissions: { adminGroups: ['group:default/oncall'] } },
      }),
      { userInfo },
    );
    await expect(
      configured.handle(
        { permission: catalogLocationDeletePermission },
        userQuery('user:default/otto'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      configured.handle(
        { permission: catalogLocationDeletePermission },
        userQuery('user:default/ada'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
