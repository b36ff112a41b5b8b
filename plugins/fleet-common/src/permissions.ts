import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading an entity's fleet view (every cluster's Argo CD, workloads, SLO and
 * policy state). A resource permission on the catalog entity, so the policy
 * can decide per entity; checked with the signed-in user's credentials.
 */
export const fleetEntityReadPermission = createPermission({
  name: 'fleet.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export const fleetPermissions = [fleetEntityReadPermission];
