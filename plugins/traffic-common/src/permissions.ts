import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Moving a product's traffic: drain, restore or re-weight a cluster behind
 * its global entry point. A resource permission on the product (catalog
 * entity): the Trinity policy allows the product's owner group and the
 * on-call group, and platform admins (who alone may touch shared entry
 * points, which no product owns).
 */
export const trafficShiftPermission = createPermission({
  name: 'traffic.entrypoint.shift',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const trafficPermissions = [trafficShiftPermission];
