import type { components } from '@octokit/openapi-types';
import {
  checkBranchName,
  cloneBranch,
  commitToBranch,
  pushFirstCommit,
  Remote,
  stageAgainst,
  withGitDir,
} from './gitTree';
import {
  Author,
  Forge,
  parseRepoRef,
  PullRequest,
  PullRequestOptions,
  RepoInfo,
  RepoRef,
} from './types';

type GitHubRepo = components['schemas']['full-repository'];
/** The fields read from a pull request (list: pull-request-simple; create/update: pull-request). */
type GitHubPull = Pick<
  components['schemas']['pull-request-simple'] &
    components['schemas']['pull-request'],
  | 'number'
  | 'head'
  | 'base'
  | 'title'
  | 'body'
  | 'user'
  | 'state'
  | 'merged_at'
  | 'created_at'
  | 'updated_at'
  | 'html_url'
>;

export interface GitHubForgeOptions {
  /** The REST API base of the integration (`apiBaseUrl` in `integrations.github`). */
  apiBaseUrl: string;
  /**
   * A token for a repository URL, from the integration's credentials
   * provider (a GitHub App installation token or the configured token).
   */
  token: (url: string) => Promise<string>;
  /** Where the forge's web pages are (`https://<host>`), for credentials lookup. */
  webBaseUrl: string;
}

/** An API error with what the user can act on, never the token. */
export class GitHubError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'GitHubError';
  }
}

/**
 * Production's forge: repositories and pull requests on GitHub (or GitHub
 * Enterprise), through the REST API with the credentials Backstage's GitHub
 * integration gives; file contents move with the system `git` over HTTPS
 * (gitTree.ts, the same code as the local forge), authenticated by a header
 * passed in git's environment. Commits are authored by the initiator.
 */
export class GitHubForge implements Forge {
  constructor(private readonly options: GitHubForgeOptions) {}

  private async api<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const token = await this.options.token(this.options.webBaseUrl);
    const res = await fetch(`${this.options.apiBaseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'x-github-api-version': '2022-11-28',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      const detail = await res
        .json()
        .then((payload: { message?: string }) => payload.message)
        .catch(() => undefined);
      throw new GitHubError(
        res.status,
        `GitHub ${method} ${path.split('?')[0]}: ${res.status}${
          detail ? ` ${detail}` : ''
        }`,
      );
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** git's view of a repository: its clone URL, authenticated by header. */
  private async remote(info: RepoInfo): Promise<Remote> {
    const token = await this.options.token(info.url);
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    return {
      url: info.cloneUrl,
      config: { 'http.extraHeader': `Authorization: Basic ${basic}` },
    };
  }

  private static info(repo: RepoRef, ghRepo: GitHubRepo): RepoInfo {
    return {
      repo,
      cloneUrl: ghRepo.clone_url,
      url: ghRepo.html_url,
      defaultBranch: ghRepo.default_branch,
    };
  }

  async getRepo(repo: RepoRef): Promise<RepoInfo | undefined> {
    const { owner, name } = parseRepoRef(repo);
    try {
      return GitHubForge.info(
        repo,
        await this.api<GitHubRepo>('GET', `/repos/${owner}/${name}`),
      );
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404)
        return undefined;
      throw error;
    }
  }

  private async existing(repo: RepoRef): Promise<RepoInfo> {
    const info = await this.getRepo(repo);
    if (!info) throw new Error(`repository ${repo} does not exist`);
    return info;
  }

  async createRepo(
    repo: RepoRef,
    dir: string,
    options: { message: string; author: Author },
  ): Promise<RepoInfo> {
    const { owner, name } = parseRepoRef(repo);
    if (await this.getRepo(repo)) {
      throw new Error(`repository ${repo} already exists`);
    }
    // Private, in the team's organisation; branch protection and team
    // access come from the organisation's rulesets, not from here.
    const created = await this.api<GitHubRepo>('POST', `/orgs/${owner}/repos`, {
      name,
      private: true,
      auto_init: false,
    });
    const info = GitHubForge.info(repo, created);
    await pushFirstCommit(await this.remote(info), dir, 'main', options);
    return { ...info, defaultBranch: 'main' };
  }

  async checkout(repo: RepoRef, dir: string): Promise<void> {
    const info = await this.existing(repo);
    await cloneBranch(await this.remote(info), info.defaultBranch, dir);
  }

  async diff(repo: RepoRef, dir: string): Promise<string[]> {
    const info = await this.existing(repo);
    const remote = await this.remote(info);
    return withGitDir(
      async gitDir =>
        (await stageAgainst(remote, info.defaultBranch, dir, gitDir)).files,
    );
  }

  async openPullRequest(
    repo: RepoRef,
    dir: string,
    options: PullRequestOptions,
  ): Promise<{ pullRequest: PullRequest; updated: boolean }> {
    checkBranchName(options.branch);
    const { owner, name } = parseRepoRef(repo);
    const info = await this.existing(repo);
    const remote = await this.remote(info);
    const { head, files } = await withGitDir(async gitDir => {
      const staged = await stageAgainst(
        remote,
        info.defaultBranch,
        dir,
        gitDir,
        options.author,
      );
      const commit = await commitToBranch(remote, staged, {
        branch: options.branch,
        base: info.defaultBranch,
        message: `${options.title}\n\n${options.description}`,
        repo,
      });
      return { head: commit, files: staged.files };
    });
    const [open] = await this.api<GitHubPull[]>(
      'GET',
      `/repos/${owner}/${name}/pulls?state=open&head=${encodeURIComponent(
        `${owner}:${options.branch}`,
      )}`,
    );
    const body = { title: options.title, body: options.description };
    const pull = open
      ? await this.api<GitHubPull>(
          'PATCH',
          `/repos/${owner}/${name}/pulls/${open.number}`,
          body,
        )
      : await this.api<GitHubPull>('POST', `/repos/${owner}/${name}/pulls`, {
          ...body,
          head: options.branch,
          base: info.defaultBranch,
        });
    return {
      pullRequest: { ...toPullRequest(repo, pull), head, files },
      updated: !!open,
    };
  }

  async listPullRequests(repo?: RepoRef): Promise<PullRequest[]> {
    if (!repo) {
      throw new Error('on GitHub, pull requests are listed per repository');
    }
    const { owner, name } = parseRepoRef(repo);
    const pulls = await this.api<GitHubPull[]>(
      'GET',
      `/repos/${owner}/${name}/pulls?state=all&per_page=100`,
    );
    return pulls.map(pull => toPullRequest(repo, pull));
  }
}

/** GitHub's pull request as the forge interface has it (files: see openPullRequest). */
function toPullRequest(repo: RepoRef, pull: GitHubPull): PullRequest {
  let state: PullRequest['state'] = 'open';
  if (pull.merged_at) state = 'merged';
  else if (pull.state === 'closed') state = 'closed';
  return {
    id: pull.number,
    repo,
    branch: pull.head.ref,
    base: pull.base.ref,
    title: pull.title,
    description: pull.body ?? '',
    author: pull.user?.login ?? '',
    state,
    createdAt: pull.created_at,
    updatedAt: pull.updated_at,
    head: pull.head.sha,
    files: [],
    url: pull.html_url,
  };
}
