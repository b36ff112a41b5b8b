/**
 * The forge family's contract: what the forge API answers and a typed client
 * for it (generated from plugins/forge-backend/src/schema/openapi.yaml), and
 * the forge's permissions.
 *
 * @packageDocumentation
 */
export type {
  PullRequest,
  PullRequestDetail,
  PullRequestList,
  RepoDetail,
  RepoInfo,
  RepoList,
} from './schema/openapi/generated/models';
export { ForgeApiClient } from './schema/openapi/generated/client';
export {
  forgeInfraMergePermission,
  forgePermissions,
  forgePullRequestMergePermission,
} from './permissions';
