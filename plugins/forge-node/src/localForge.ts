import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './git';
import {
  checkBranchName,
  cloneBranch,
  commitToBranch,
  pushFirstCommit,
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

const DEFAULT_BRANCH = 'main';

export interface LocalForgeOptions {
  /** Holds `<owner>/<name>.git` and `pull-requests.json`. */
  directory: string;
  /** Clone URL prefix written into rendered files (`<base>/<owner>/<name>.git`). */
  cloneBaseUrl: string;
  /** The portal's base URL: repositories and pull requests are read there. */
  appBaseUrl: string;
}

/**
 * The embedded default's forge: bare Git repositories under the data
 * directory, and pull requests as branches with a record the portal lists
 * (`pull-requests.json` next to the repositories). Git runs as the system
 * `git` (gitTree.ts, shared with the GitHub forge).
 */
export class LocalForge implements Forge {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LocalForgeOptions) {
    fs.mkdirSync(options.directory, { recursive: true });
  }

  private bare(repo: RepoRef): string {
    const { owner, name } = parseRepoRef(repo);
    return path.join(this.options.directory, owner, `${name}.git`);
  }

  private info(repo: RepoRef): RepoInfo {
    return {
      repo,
      cloneUrl: `${this.options.cloneBaseUrl}/${repo}.git`,
      url: `${this.options.appBaseUrl}/forge/${repo}`,
      defaultBranch: DEFAULT_BRANCH,
    };
  }

  /** Serialises writes: the record file and branch updates are not concurrent-safe. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async getRepo(repo: RepoRef): Promise<RepoInfo | undefined> {
    return fs.existsSync(this.bare(repo)) ? this.info(repo) : undefined;
  }

  async createRepo(
    repo: RepoRef,
    dir: string,
    options: { message: string; author: Author },
  ): Promise<RepoInfo> {
    return this.exclusive(async () => {
      const bare = this.bare(repo);
      if (fs.existsSync(bare))
        throw new Error(`repository ${repo} already exists`);
      fs.mkdirSync(path.dirname(bare), { recursive: true });
      await git([
        'init',
        '--quiet',
        '--bare',
        `--initial-branch=${DEFAULT_BRANCH}`,
        bare,
      ]);
      try {
        await pushFirstCommit({ url: bare }, dir, DEFAULT_BRANCH, options);
      } catch (error) {
        fs.rmSync(bare, { recursive: true, force: true });
        throw error;
      }
      return this.info(repo);
    });
  }

  async checkout(repo: RepoRef, dir: string): Promise<void> {
    await cloneBranch({ url: this.existing(repo) }, DEFAULT_BRANCH, dir);
  }

  /** The bare repository, which must exist. */
  private existing(repo: RepoRef): string {
    const bare = this.bare(repo);
    if (!fs.existsSync(bare))
      throw new Error(`repository ${repo} does not exist`);
    return bare;
  }

  async diff(repo: RepoRef, dir: string): Promise<string[]> {
    const remote = { url: this.existing(repo) };
    return withGitDir(
      async gitDir =>
        (await stageAgainst(remote, DEFAULT_BRANCH, dir, gitDir)).files,
    );
  }

  async openPullRequest(
    repo: RepoRef,
    dir: string,
    options: PullRequestOptions,
  ): Promise<{ pullRequest: PullRequest; updated: boolean }> {
    checkBranchName(options.branch);
    return this.exclusive(() =>
      withGitDir(async gitDir => {
        const remote = { url: this.existing(repo) };
        const staged = await stageAgainst(
          remote,
          DEFAULT_BRANCH,
          dir,
          gitDir,
          options.author,
        );
        const { files } = staged;
        const head = await commitToBranch(remote, staged, {
          branch: options.branch,
          base: DEFAULT_BRANCH,
          message: `${options.title}\n\n${options.description}`,
          repo,
        });
        const records = this.readRecords();
        const now = new Date().toISOString();
        const existing = records.find(
          record =>
            record.repo === repo &&
            record.branch === options.branch &&
            record.state === 'open',
        );
        const pullRequest: PullRequest = existing
          ? {
              ...existing,
              title: options.title,
              description: options.description,
              head,
              files,
              authorRefs: [
                ...new Set([
                  ...(existing.authorRefs ?? []),
                  ...(options.author.ref ? [options.author.ref] : []),
                ]),
              ],
              updatedAt: now,
            }
          : {
              id:
                records.reduce(
                  (highest, record) => Math.max(highest, record.id),
                  0,
                ) + 1,
              repo,
              branch: options.branch,
              base: DEFAULT_BRANCH,
              title: options.title,
              description: options.description,
              author: options.author.name,
              authorRefs: options.author.ref ? [options.author.ref] : [],
              state: 'open',
              createdAt: now,
              updatedAt: now,
              head,
              files,
              url: '',
            };
        pullRequest.url = `${this.options.appBaseUrl}/forge/${repo}/pulls/${pullRequest.id}`;
        this.writeRecords([
          ...records.filter(record => record.id !== pullRequest.id),
          pullRequest,
        ]);
        return { pullRequest, updated: !!existing };
      }),
    );
  }

  /**
   * Merges an open pull request into the default branch (a merge commit by
   * `by`), as a reviewer would on a hosted forge; refuses one that is not
   * open or conflicts with the default branch, leaving everything as it
   * was.
   */
  async mergePullRequest(id: number, by: Author): Promise<PullRequest> {
    return this.exclusive(async () => {
      const records = this.readRecords();
      const pr = records.find(record => record.id === id);
      if (!pr) throw new Error(`no pull request ${id}`);
      if (pr.state !== 'open') {
        throw new Error(`pull request ${id} is ${pr.state}, not open`);
      }
      const remote = this.existing(pr.repo);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-merge-'));
      try {
        const runGit = (args: string[]) => git(args, { cwd: work, author: by });
        await runGit(['clone', '--quiet', '--branch', pr.base, remote, '.']);
        await runGit(['fetch', '--quiet', 'origin', `refs/heads/${pr.branch}`]);
        try {
          await runGit([
            'merge',
            '--quiet',
            '--no-ff',
            '-m',
            `Merge pull request #${id}: ${pr.title}`,
            'FETCH_HEAD',
          ]);
        } catch {
          throw new Error(
            `pull request ${id} conflicts with ${pr.base}: run its template again to rebase it`,
          );
        }
        await runGit([
          'push',
          '--quiet',
          'origin',
          `HEAD:refs/heads/${pr.base}`,
        ]);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
      const merged: PullRequest = {
        ...pr,
        state: 'merged',
        updatedAt: new Date().toISOString(),
      };
      this.writeRecords([
        ...records.filter(record => record.id !== id),
        merged,
      ]);
      return merged;
    });
  }

  async listPullRequests(repo?: RepoRef): Promise<PullRequest[]> {
    return this.readRecords()
      .filter(record => !repo || record.repo === repo)
      .sort((left, right) => right.id - left.id);
  }

  /** The unified diff of a pull request against its base. */
  async pullRequestDiff(id: number): Promise<string | undefined> {
    const pr = this.readRecords().find(record => record.id === id);
    if (!pr) return undefined;
    // The request is one commit on top of its base (commitToBranch), so
    // its parent is the base it was made against, merged or not.
    return git(['diff', `${pr.head}~1`, pr.head], {
      cwd: this.bare(pr.repo),
    });
  }

  /** Every repository, as `owner/name`. */
  async listRepos(): Promise<RepoInfo[]> {
    const out: RepoInfo[] = [];
    for (const owner of fs.readdirSync(this.options.directory, {
      withFileTypes: true,
    })) {
      if (!owner.isDirectory()) continue;
      for (const entry of fs.readdirSync(
        path.join(this.options.directory, owner.name),
      )) {
        if (entry.endsWith('.git'))
          out.push(this.info(`${owner.name}/${entry.slice(0, -4)}`));
      }
    }
    return out.sort((left, right) => left.repo.localeCompare(right.repo));
  }

  /** The commit at the head of the default branch (a reader's etag). */
  async headOf(repo: RepoRef): Promise<string> {
    return (
      await git(['rev-parse', DEFAULT_BRANCH], { cwd: this.existing(repo) })
    ).trim();
  }

  /** Every file path on the default branch. */
  async listFiles(repo: RepoRef): Promise<string[]> {
    const out = await git(['ls-tree', '-r', '--name-only', DEFAULT_BRANCH], {
      cwd: this.bare(repo),
    });
    return out.split('\n').filter(Boolean);
  }

  /** A file of the default branch, or undefined. */
  async readFile(repo: RepoRef, file: string): Promise<string | undefined> {
    try {
      return await git(['show', `${DEFAULT_BRANCH}:${file}`], {
        cwd: this.bare(repo),
      });
    } catch {
      return undefined;
    }
  }

  private recordsFile() {
    return path.join(this.options.directory, 'pull-requests.json');
  }

  private readRecords(): PullRequest[] {
    try {
      return JSON.parse(fs.readFileSync(this.recordsFile(), 'utf8'));
    } catch {
      return [];
    }
  }

  private writeRecords(records: PullRequest[]) {
    const tmp = `${this.recordsFile()}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(records, null, 2)}\n`);
    fs.renameSync(tmp, this.recordsFile());
  }
}
