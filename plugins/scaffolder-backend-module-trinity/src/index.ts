/**
 * Trinity's Scaffolder actions, the templates' `yaml` filter and the check
 * of task requests. The forge the actions publish to is
 * `@internal/plugin-forge-node`'s.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTrinity as default } from './module';
export { mainEntityRef } from './actions/register';
