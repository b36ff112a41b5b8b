import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './git';
import { Author } from './types';

/**
 * A remote repository as git reaches it: a bare repository's path (local
 * forge) or an HTTPS clone URL with the config that authenticates to it
 * (GitHub forge).
 */
export interface Remote {
  url: string;
  config?: Record<string, string>;
}

/**
 * Runs `fn` with a temporary bare Git directory, removed afterwards: the
 * Scaffolder workspace is used as the work tree and never holds a `.git`.
 */
export async function withGitDir<T>(
  fn: (gitDir: string) => Promise<T>,
): Promise<T> {
  const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
  try {
    await git(['init', '--quiet', '--bare', gitDir]);
    return await fn(gitDir);
  } finally {
    fs.rmSync(gitDir, { recursive: true, force: true });
  }
}

/** git on `gitDir` with `dir` as the work tree. */
const treeGit =
  (remote: Remote, gitDir: string, dir: string, author?: Author) =>
  (args: string[]) =>
    git([`--git-dir=${gitDir}`, `--work-tree=${dir}`, ...args], {
      author,
      config: remote.config,
    });

/** Pushes `dir` as the first commit of `branch` of an empty repository. */
export async function pushFirstCommit(
  remote: Remote,
  dir: string,
  branch: string,
  options: { message: string; author: Author },
) {
  await withGitDir(async gitDir => {
    const runGit = treeGit(remote, gitDir, dir, options.author);
    await runGit(['add', '--all']);
    await runGit(['commit', '--quiet', '-m', options.message]);
    await runGit(['push', '--quiet', remote.url, `HEAD:refs/heads/${branch}`]);
  });
}

/** Writes `branch` of the remote into `dir` (a new directory), without `.git`. */
export async function cloneBranch(remote: Remote, branch: string, dir: string) {
  await git(
    ['clone', '--quiet', '--depth', '1', '--branch', branch, remote.url, dir],
    {
      config: remote.config,
    },
  );
  fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
}

/**
 * Stages `dir` (a full tree of the repository) against `base` of the remote
 * in `gitDir`; returns the changed files and git bound to that staging.
 */
export async function stageAgainst(
  remote: Remote,
  base: string,
  dir: string,
  gitDir: string,
  author?: Author,
) {
  const runGit = treeGit(remote, gitDir, dir, author);
  await runGit(['fetch', '--quiet', remote.url, `refs/heads/${base}`]);
  await runGit(['reset', '--quiet', '--mixed', 'FETCH_HEAD']);
  await runGit(['add', '--all']);
  const files = (await runGit(['diff', '--cached', '--name-only']))
    .split('\n')
    .filter(Boolean);
  return { runGit, files };
}

/**
 * Commits what `stageAgainst` staged and force-pushes it as `branch`
 * (replacing the branch is what makes a re-run update its pull request).
 * Refuses when nothing differs from the base. Returns the commit.
 */
export async function commitToBranch(
  remote: Remote,
  staged: Awaited<ReturnType<typeof stageAgainst>>,
  options: { branch: string; base: string; message: string; repo: string },
): Promise<string> {
  if (staged.files.length === 0) {
    throw new Error(
      `nothing to change in ${options.repo}: the files are already on ${options.base}`,
    );
  }
  await staged.runGit(['commit', '--quiet', '-m', options.message]);
  const head = (await staged.runGit(['rev-parse', 'HEAD'])).trim();
  await staged.runGit([
    'push',
    '--quiet',
    '--force',
    remote.url,
    `HEAD:refs/heads/${options.branch}`,
  ]);
  return head;
}

/** Branch names a template may push to. */
export function checkBranchName(branch: string) {
  if (!/^[a-z0-9][-a-z0-9/._]*$/.test(branch) || branch.includes('..')) {
    throw new Error(`"${branch}" is not a branch name`);
  }
}
