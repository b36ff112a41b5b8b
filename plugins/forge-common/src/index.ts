/**
 * The forge family's wire contract: what the forge API answers, and a typed
 * client for it. Generated from plugins/forge-backend/src/schema/openapi.yaml.
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
