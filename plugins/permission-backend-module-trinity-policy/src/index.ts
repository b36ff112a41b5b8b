/**
 * Trinity's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleTrinityPolicy as default } from './module';
export { TrinityPermissionPolicy } from './TrinityPermissionPolicy';
export { grants, grantFor, defaultGrant } from './grants';
export type { Grant } from './grants';
