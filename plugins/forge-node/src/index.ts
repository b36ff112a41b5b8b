/**
 * The forge family's backend library: the `Forge` interface the templates'
 * actions, the forge backend and the catalog module use; the local and
 * GitHub implementations and the app-config that chooses between them; the
 * "repository changed" event. The forge's permissions are declared in
 * @internal/plugin-forge-common, with its wire contract.
 *
 * @packageDocumentation
 */
export type {
  Author,
  Forge,
  PullRequest,
  PullRequestOptions,
  RepoInfo,
  RepoRef,
} from './types';
export { parseRepoRef } from './types';
export { LocalForge } from './localForge';
export { LocalForgeUrlReader } from './urlReader';
export type { TreeResponses } from './urlReader';
export type { LocalForgeOptions } from './localForge';
export { GitHubError, GitHubForge } from './githubForge';
export type { GitHubForgeOptions } from './githubForge';
export {
  forgeFromConfig,
  infraRepoFromConfig,
  localForgeFromConfig,
} from './fromConfig';
export { forgeServiceRef } from './service';
export {
  FORGE_REPO_CHANGED_TOPIC,
  publishForgeRepoChanged,
  subscribeForgeRepoChanged,
} from './events';
export type { ForgeRepoChangedEvent } from './events';
export { readInfraTenants } from './infraTenants';
export type { InfraTenants } from './infraTenants';
