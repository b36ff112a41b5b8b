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

export interface PullRequest {
  id: number;
  repo: RepoRef;
  branch: string;
  base: string;
  title: string;
  description: string;
  author: string;
  /**
   * Every user who wrote a commit of the request (the first run and each
   * re-run of its template): none of them may merge it into the infra repo.
   */
  authorRefs?: string[];
  state: 'open' | 'merged' | 'closed';
  createdAt: string;
  updatedAt: string;
  /** Commit at the head of the branch. */
  head: string;
  /** Files the pull request changes, relative to the repo root. */
  files: string[];
  /** Where a person reads it (the portal's page for a local forge). */
  url: string;
}

export interface RepoInfo {
  repo: RepoRef;
  /** What Argo CD and `git clone` use. */
  cloneUrl: string;
  /** Where a person reads it. */
  url: string;
  defaultBranch: string;
}

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
