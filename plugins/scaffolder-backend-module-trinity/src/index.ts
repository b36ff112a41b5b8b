/**
 * Trinity's Scaffolder actions, the local forge, and the forge's catalog
 * provider.
 *
 * @packageDocumentation
 */
export {
  scaffolderModuleTrinity as default,
  catalogModuleTrinityForge,
} from './module';
export { LocalForge } from './forge/localForge';
export type { Forge, PullRequest, RepoInfo } from './forge/types';
export { mainEntityRef } from './actions/register';
