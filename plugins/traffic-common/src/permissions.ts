import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading a product's traffic: its entry point's state at the provider,
 * the history, a preview and the auto-sync view. A resource permission on
 * the product (catalog entity), checked with the signed-in user's
 * credentials; the Trinity policy gives it to every signed-in user, and a
 * stricter policy can narrow it without a code change.
 */
export const trafficReadPermission = createPermission({
  name: 'traffic.entrypoint.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Moving a product's traffic: drain, restore or re-weight a cluster behind
 * its global entry point, and pause or resume its Argo CD auto-sync. A
 * resource permission on the product (catalog entity): the Trinity policy
 * allows the product's owner group and the on-call group, and platform
 * admins. What the action touches (the records, the applications) is the
 * product's own by the infra repo (ProductBindings in the backend), so this
 * check on the product covers it.
 */
export const trafficShiftPermission = createPermission({
  name: 'traffic.entrypoint.shift',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Evacuating a cluster: moving every product's traffic off it at once (or
 * rehearsing that), and returning it. Not a permission on one product: the
 * Trinity policy gives it to the on-call groups and platform admins only,
 * never to a product's owners for their product alone.
 */
export const trafficEvacuatePermission = createPermission({
  name: 'traffic.cluster.evacuate',
  attributes: { action: 'update' },
});

export const trafficPermissions = [
  trafficReadPermission,
  trafficShiftPermission,
  trafficEvacuatePermission,
];
