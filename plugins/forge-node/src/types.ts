/**
 * A forge: where templates publish repositories and open pull requests.
 * The templates call the same actions whatever the forge is; app-config
 * chooses the implementation (`trinity.forge`).
 */

/** `owner/name`. */
export type RepoRef = string;

export interface Author {
  name: string;
  email: string;
  /** The signed-in user behind the commit (`user:default/…`), when there is one. */
  ref?: string;
}

// The wire contract (forge-backend's OpenAPI spec) says what a pull request
// and a repository are; every forge answers with those.
import type { PullRequest, RepoInfo } from '@internal/plugin-forge-common';

export type { PullRequest, RepoInfo };

export interface PullRequestOptions {
  branch: string;
  title: string;
  description: string;
  author: Author;
}

export interface Forge {
  /** The repository, or undefined when it does not exist. */
  getRepo(repo: RepoRef): Promise<RepoInfo | undefined>;
  /**
   * Creates the repository with the contents of `dir` as its first commit
   * on the default branch. Refuses when it exists.
   */
  createRepo(
    repo: RepoRef,
    dir: string,
    options: { message: string; author: Author },
  ): Promise<RepoInfo>;
  /** Writes the default branch of the repository into `dir` (a new directory). */
  checkout(repo: RepoRef, dir: string): Promise<void>;
  /**
   * Opens a pull request whose branch holds `dir` (a full tree of the
   * repository) as one commit on top of the default branch; when one is
   * already open from `branch`, replaces its commit and returns it updated.
   * Refuses when `dir` does not differ from the default branch.
   */
  openPullRequest(
    repo: RepoRef,
    dir: string,
    options: PullRequestOptions,
  ): Promise<{ pullRequest: PullRequest; updated: boolean }>;
  /** Files of `dir` that differ from the default branch (what a pull request would change). */
  diff(repo: RepoRef, dir: string): Promise<string[]>;
  listPullRequests(repo?: RepoRef): Promise<PullRequest[]>;
}

const REPO =
  /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

/** Validates `owner/name`; anything else could escape the forge directory. */
export function parseRepoRef(repo: string): { owner: string; name: string } {
  if (!REPO.test(repo) || repo.includes('..')) {
    throw new Error(`"${repo}" is not a repository (owner/name, lowercase)`);
  }
  const [owner, name] = repo.split('/');
  return { owner, name };
}
