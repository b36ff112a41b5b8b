// This file is generated from plugins/forge-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-forge-backend generate`.
/* eslint-disable */
export type Error = {
  error: {
    name: string;
    message: string;
  };
  request?: {
    method: string;
    url: string;
  };
  response: {
    statusCode: number;
  };
};

export type RepoInfo = {
  /** `owner/name`. */
  repo: string;
  /** What Argo CD and `git clone` use. */
  cloneUrl: string;
  /** Where a person reads it. */
  url: string;
  defaultBranch: string;
};

export type PullRequest = {
  id: number;
  repo: string;
  branch: string;
  base: string;
  title: string;
  description: string;
  author: string;
  /** Every user who wrote a commit of the request (the first run and each re-run of its template): none of them may merge it into the infra repo. */
  authorRefs?: Array<string>;
  state: "open" | "merged" | "closed";
  createdAt: string;
  updatedAt: string;
  /** Commit at the head of the branch. */
  head: string;
  /** Files the pull request changes, relative to the repo root. */
  files: Array<string>;
  /** Where a person reads it (the portal's page for a local forge). */
  url: string;
};

export type RepoList = {
  items: Array<RepoInfo>;
};

/** A repository with its files on the default branch and its pull requests. */
export type RepoDetail = (RepoInfo & {
  files: Array<string>;
  pullRequests: Array<PullRequest>;
});

export type RepoFile = {
  repo: string;
  path: string;
  branch: string;
  content: string;
};

export type PullRequestList = {
  items: Array<PullRequest>;
};

/** A pull request with its diff against its base. */
export type PullRequestDetail = (PullRequest & {
  diff?: string;
});
