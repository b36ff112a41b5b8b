import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Merging a pull request to a product's repository: a resource permission
 * on the product (its System). The Trinity policy gives it to the product's
 * owner group and platform admins.
 */
export const forgePullRequestMergePermission = createPermission({
  name: 'forge.pullrequest.merge',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Merging a pull request to the infra repo (or to a repository no product
 * declares): platform admins, and the router refuses the request's own
 * authors, so every infra change is reviewed by someone else.
 */
export const forgeInfraMergePermission = createPermission({
  name: 'forge.infra.merge',
  attributes: { action: 'update' },
});

export const forgePermissions = [
  forgePullRequestMergePermission,
  forgeInfraMergePermission,
];
