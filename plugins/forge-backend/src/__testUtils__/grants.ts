/*
 * The forge router tests' users and permission service: a small grants
 * table mimicking the Trinity policy, recording every request it is asked.
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

export const ADA = 'user:default/ada'; // platform admin
export const AMARA = 'user:default/amara'; // platform admin
export const GUEST = 'user:default/guest'; // team-storefront
export const KOFI = 'user:default/kofi'; // team-payments

/**
 * Who holds what, as the Trinity policy decides it: `forge.infra.merge` for
 * platform admins; `forge.pullrequest.merge` on a product for its owner
 * group's members and platform admins.
 */
const admins = [ADA, AMARA];
const productMembers: Record<string, string[]> = {
  'system:default/storefront': [GUEST],
  'system:default/wallet': [KOFI],
};

function decide(
  user: string | undefined,
  permission: string,
  resourceRef?: string,
): boolean {
  if (!user) return false;
  switch (permission) {
    case 'forge.infra.merge':
      return admins.includes(user);
    case 'forge.pullrequest.merge':
      return (
        admins.includes(user) ||
        (!!resourceRef && (productMembers[resourceRef] ?? []).includes(user))
      );
    default:
      // Catalog reads and anything else: allowed (the catalog mock does not
      // check permissions anyway).
      return true;
  }
}

/** One question the permission service was asked. */
export type PermissionRequest = {
  user?: string;
  permission: string;
  resourceRef?: string;
};

/** The permission service deciding by the table, recording into `requests`. */
export function permissionsRecording(requests: PermissionRequest[]) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: (): PermissionsService => ({
      async authorize(asked, options) {
        const credentials = options?.credentials as
          | BackstageCredentials<BackstageUserPrincipal>
          | undefined;
        const user =
          credentials?.principal?.type === 'user'
            ? credentials.principal.userEntityRef
            : undefined;
        return asked.map(r => {
          const resourceRef = 'resourceRef' in r ? r.resourceRef : undefined;
          requests.push({
            user,
            permission: r.permission.name,
            resourceRef,
          });
          return {
            result: decide(user, r.permission.name, resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          };
        }) as any;
      },
      async authorizeConditional(asked) {
        return asked.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
      },
    }),
  });
}
