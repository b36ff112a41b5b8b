import { Permission } from '@backstage/plugin-permission-common';

/**
 * Who may use a permission. Every Trinity permission maps to one of these;
 * platform admins are always allowed, so they are not listed per grant.
 *
 * - `signed-in`: any signed-in user.
 * - `owner`: a catalog-entity resource permission, allowed when the user is a
 *   member of the entity's owner group (conditional decision, so lists are
 *   filtered in the database, not in memory).
 * - `owner-or-oncall`: as `owner`, and also members of the on-call groups.
 * - `oncall`: members of the on-call groups.
 * - `task-creator`: a Scaffolder task resource permission, allowed on the
 *   tasks the user started (conditional on the task's `createdBy`).
 * - `admins`: platform admins only.
 */
export type Grant =
  | 'signed-in'
  | 'owner'
  | 'owner-or-oncall'
  | 'oncall'
  | 'task-creator'
  | 'admins';

/**
 * Explicit grants by permission name. Permissions not listed fall back to
 * {@link defaultGrant}. Later plugin families add their permissions here, in
 * the same change that declares them.
 */
export const grants: Record<string, Grant> = {
  // Registering a new product (the Create Component wizard ends with
  // catalog:register on the user's behalf) is open to every signed-in user.
  'catalog.entity.create': 'signed-in',
  'catalog.location.create': 'signed-in',
  'catalog.location.analyze': 'signed-in',
  'catalog.entity.validate': 'signed-in',
  // Removing a location can unregister many products at once.
  'catalog.location.delete': 'admins',
  'catalog.ingestion.manage': 'admins',
  // Running templates is what the portal is for; what a template may touch is
  // checked by its actions (the team is one of the user's, the repositories
  // are the user's products' or the infra repo) and by the infra repo's
  // review, not by hiding the wizard.
  'scaffolder.task.create': 'signed-in',
  'scaffolder.action.execute': 'signed-in',
  // A task's parameters, logs and links are its creator's (and admins').
  'scaffolder.task.read': 'task-creator',
  'scaffolder.task.cancel': 'task-creator',
  // A dry run executes an inline template the user wrote, with the
  // portal's own forge credentials: the template editor is for admins.
  'scaffolder.template.dry-run': 'admins',
  'scaffolder.template.management': 'admins',
  // The Kubernetes proxy can reach any object of a cluster, not only a product's.
  'kubernetes.proxy': 'admins',
  // Moving a product's traffic: its owners, and on-call, who may need to
  // drain a cloud for every product at 3 a.m.
  'traffic.entrypoint.shift': 'owner-or-oncall',
  // Evacuating a cluster moves every product's traffic at once: platform
  // on-call, never a product's owners.
  'traffic.cluster.evacuate': 'oncall',
  // Reading a product's traffic (its entry point, history, previews, the
  // auto-sync view) is open to signed-in users, as the catalog is.
  'traffic.entrypoint.read': 'signed-in',
  // Merging a product's pull request: its owners. The infra repo is
  // reviewed by the platform: admins only (and never the request's author,
  // which the forge checks itself).
  'forge.pullrequest.merge': 'owner',
  'forge.infra.merge': 'admins',
};

/**
 * Reading is open to signed-in users; changing a catalog entity is for its
 * owner; anything else that changes the world is closed until a grant opens it.
 */
export function defaultGrant(permission: Permission): Grant {
  const action = permission.attributes.action;
  if (action === undefined || action === 'read') {
    return 'signed-in';
  }
  if (
    permission.type === 'resource' &&
    permission.resourceType === 'catalog-entity'
  ) {
    return 'owner';
  }
  return 'admins';
}

export function grantFor(permission: Permission): Grant {
  return grants[permission.name] ?? defaultGrant(permission);
}
