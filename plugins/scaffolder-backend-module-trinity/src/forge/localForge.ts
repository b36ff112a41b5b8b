import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './git';
import {
  Author,
  Forge,
  parseRepoRef,
  PullRequest,
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
 * `git`; a temporary Git directory is used for every commit so the
 * Scaffolder workspace never holds a `.git`.
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

  private async withGitDir<T>(fn: (gitDir: string) => Promise<T>): Promise<T> {
    const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
    try {
      await git(['init', '--quiet', '--bare', gitDir]);
      return await fn(gitDir);
    } finally {
      fs.rmSync(gitDir, { recursive: true, force: true });
    }
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
        await this.withGitDir(async gitDir => {
          const g = (args: string[]) =>
            git([`--git-dir=${gitDir}`, `--work-tree=${dir}`, ...args], {
              author: options.author,
            });
          await g(['add', '--all']);
          await g(['commit', '--quiet', '-m', options.message]);
          await g([
            'push',
            '--quiet',
            bare,
            `HEAD:refs/heads/${DEFAULT_BRANCH}`,
          ]);
        });
      } catch (e) {
        fs.rmSync(bare, { recursive: true, force: true });
        throw e;
      }
      return this.info(repo);
    });
  }

  async checkout(repo: RepoRef, dir: string): Promise<void> {
    const bare = this.bare(repo);
    if (!fs.existsSync(bare))
      throw new Error(`repository ${repo} does not exist`);
    await git(['clone', '--quiet', '--branch', DEFAULT_BRANCH, bare, dir]);
    fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
  }

  /** Stages `dir` against the default branch in `gitDir`; returns the changed files. */
  private async stage(
    repo: RepoRef,
    dir: string,
    gitDir: string,
    author?: Author,
  ) {
    const bare = this.bare(repo);
    if (!fs.existsSync(bare))
      throw new Error(`repository ${repo} does not exist`);
    const g = (args: string[]) =>
      git([`--git-dir=${gitDir}`, `--work-tree=${dir}`, ...args], { author });
    await g(['fetch', '--quiet', bare, `refs/heads/${DEFAULT_BRANCH}`]);
    await g(['reset', '--quiet', '--mixed', 'FETCH_HEAD']);
    await g(['add', '--all']);
    const files = (await g(['diff', '--cached', '--name-only']))
      .split('\n')
      .filter(Boolean);
    return { g, files, bare };
  }

  async diff(repo: RepoRef, dir: string): Promise<string[]> {
    return this.withGitDir(
      async gitDir => (await this.stage(repo, dir, gitDir)).files,
    );
  }

  async openPullRequest(
    repo: RepoRef,
    dir: string,
    options: {
      branch: string;
      title: string;
      description: string;
      author: Author;
    },
  ): Promise<{ pullRequest: PullRequest; updated: boolean }> {
    if (
      !/^[a-z0-9][-a-z0-9/._]*$/.test(options.branch) ||
      options.branch.includes('..')
    ) {
      throw new Error(`"${options.branch}" is not a branch name`);
    }
    return this.exclusive(() =>
      this.withGitDir(async gitDir => {
        const { g, files, bare } = await this.stage(
          repo,
          dir,
          gitDir,
          options.author,
        );
        if (files.length === 0) {
          throw new Error(
            `nothing to change in ${repo}: the files are already on ${DEFAULT_BRANCH}`,
          );
        }
        await g([
          'commit',
          '--quiet',
          '-m',
          `${options.title}\n\n${options.description}`,
        ]);
        const head = (await g(['rev-parse', 'HEAD'])).trim();
        // Replacing the branch is what makes a re-run update the request.
        await g([
          'push',
          '--quiet',
          '--force',
          bare,
          `HEAD:refs/heads/${options.branch}`,
        ]);
        const records = this.readRecords();
        const now = new Date().toISOString();
        const existing = records.find(
          r =>
            r.repo === repo &&
            r.branch === options.branch &&
            r.state === 'open',
        );
        const pullRequest: PullRequest = existing
          ? {
              ...existing,
              title: options.title,
              description: options.description,
              head,
              files,
              updatedAt: now,
            }
          : {
              id: records.reduce((m, r) => Math.max(m, r.id), 0) + 1,
              repo,
              branch: options.branch,
              base: DEFAULT_BRANCH,
              title: options.title,
              description: options.description,
              author: options.author.name,
              state: 'open',
              createdAt: now,
              updatedAt: now,
              head,
              files,
              url: '',
            };
        pullRequest.url = `${this.options.appBaseUrl}/forge/${repo}/pulls/${pullRequest.id}`;
        this.writeRecords([
          ...records.filter(r => r.id !== pullRequest.id),
          pullRequest,
        ]);
        return { pullRequest, updated: !!existing };
      }),
    );
  }

  async listPullRequests(repo?: RepoRef): Promise<PullRequest[]> {
    return this.readRecords()
      .filter(r => !repo || r.repo === repo)
      .sort((a, b) => b.id - a.id);
  }

  /** The unified diff of a pull request against its base. */
  async pullRequestDiff(id: number): Promise<string | undefined> {
    const pr = this.readRecords().find(r => r.id === id);
    if (!pr) return undefined;
    return git(['diff', `${pr.base}...${pr.head}`], {
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
      for (const r of fs.readdirSync(
        path.join(this.options.directory, owner.name),
      )) {
        if (r.endsWith('.git'))
          out.push(this.info(`${owner.name}/${r.slice(0, -4)}`));
      }
    }
    return out.sort((a, b) => a.repo.localeCompare(b.repo));
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
