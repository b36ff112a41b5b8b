/**
 * The forge's catalog module: the infra repo's tenants and entry points,
 * the check of products' entry-point claims, and the local forge's product
 * entities.
 *
 * @packageDocumentation
 */
export { catalogModuleForge as default } from './module';
export { ForgeEntityProvider, isCatalogFile } from './forgeEntityProvider';
export { InfraTenantProvider } from './infraTenantProvider';
export { EntryPointClaimProcessor } from './entryPointClaimProcessor';
export { productEntities } from './productEntities';
