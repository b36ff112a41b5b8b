/*
 * The GitHub forge against msw handlers serving GitHub's REST shapes, typed
 * with GitHub's own OpenAPI models (@octokit/openapi-types), so a fixture
 * that drifts from the documented fields fails to compile. The repositories
 * behind the clone URLs are real bare Git repositories on disk: the forge's
 * git side runs for real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { components } from '@octokit/openapi-types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { git } from './git';
import { GitHubForge } from './githubForge';

type Repo = components['schemas']['full-repository'];
type Pull = components['schemas']['pull-request-simple'];

const api = 'https://github.test/api/v3';
const token = 'ghs_test_token_never_logged';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-github-'));
const author = { name: 'Jane Operator', email: 'jane@users.noreply.invalid' };

/** The fields of a repository the forge reads, as GitHub returns them. */
const repoFixture = (
  full: string,
): Pick<
  Repo,
  'name' | 'full_name' | 'private' | 'clone_url' | 'html_url' | 'default_branch'
> => ({
  name: full.split('/')[1],
  full_name: full,
  private: true,
  clone_url: path.join(root, `${full}.git`),
  html_url: `https://github.test/${full}`,
  default_branch: 'main',
});

const pullFixture = (
  number: number,
  branch: string,
  title: string,
  body: string,
): Pick<
  Pull,
  | 'number'
  | 'title'
  | 'body'
  | 'state'
  | 'merged_at'
  | 'created_at'
  | 'updated_at'
  | 'html_url'
  | 'user'
> & {
  head: Pick<Pull['head'], 'ref' | 'sha'>;
  base: Pick<Pull['base'], 'ref' | 'sha'>;
} => ({
  number,
  title,
  body,
  state: 'open',
  merged_at: null,
  created_at: '2026-11-22T10:00:00Z',
  updated_at: '2026-11-22T10:00:00Z',
  html_url: `https://github.test/team-payments/wallet/pull/${number}`,
  user: null,
  head: { ref: branch, sha: '0'.repeat(40) },
  base: { ref: 'main', sha: '1'.repeat(40) },
});

const repos = new Map<string, ReturnType<typeof repoFixture>>();
const pulls: Array<ReturnType<typeof pullFixture>> = [];
const writes: Array<{
  method: string;
  path: string;
  body: any;
  auth: string | null;
}> = [];

const server = setupServer(
  http.get(`${api}/repos/:owner/:name`, ({ params }) => {
    const r = repos.get(`${params.owner}/${params.name}`);
    return r
      ? HttpResponse.json(r)
      : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
  }),
  http.post(`${api}/orgs/:owner/repos`, async ({ request, params }) => {
    const body = (await request.json()) as { name: string };
    writes.push({
      method: 'POST',
      path: new URL(request.url).pathname,
      body,
      auth: request.headers.get('authorization'),
    });
    const r = repoFixture(`${params.owner}/${body.name}`);
    fs.mkdirSync(path.dirname(r.clone_url), { recursive: true });
    await git(['init', '--quiet', '--bare', r.clone_url]);
    repos.set(r.full_name, r);
    return HttpResponse.json(r, { status: 201 });
  }),
  http.get(`${api}/repos/:owner/:name/pulls`, ({ request }) => {
    const url = new URL(request.url);
    const head = url.searchParams.get('head');
    const state = url.searchParams.get('state');
    return HttpResponse.json(
      pulls.filter(
        p =>
          (!head || `team-payments:${p.head.ref}` === head) &&
          (state === 'all' || p.state === state),
      ),
    );
  }),
  http.post(`${api}/repos/:owner/:name/pulls`, async ({ request }) => {
    const body = (await request.json()) as any;
    writes.push({
      method: 'POST',
      path: new URL(request.url).pathname,
      body,
      auth: null,
    });
    const p = pullFixture(pulls.length + 1, body.head, body.title, body.body);
    pulls.push(p);
    return HttpResponse.json(p, { status: 201 });
  }),
  http.patch(
    `${api}/repos/:owner/:name/pulls/:number`,
    async ({ request, params }) => {
      const body = (await request.json()) as any;
      writes.push({
        method: 'PATCH',
        path: new URL(request.url).pathname,
        body,
        auth: null,
      });
      const p = pulls.find(x => x.number === Number(params.number))!;
      Object.assign(p, { title: body.title, body: body.body });
      return HttpResponse.json(p);
    },
  ),
);

const forge = new GitHubForge({
  apiBaseUrl: api,
  webBaseUrl: 'https://github.test',
  token: async () => token,
});

function workTree(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-tree-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const show = (ref: string, file: string) =>
  git(['show', `${ref}:${file}`], {
    cwd: path.join(root, 'team-payments/wallet.git'),
  });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('GitHubForge', () => {
  it('creates a private repository in the team organisation with the files as its first commit', async () => {
    const info = await forge.createRepo(
      'team-payments/wallet',
      workTree({
        'README.md': '# Wallet\n',
        'catalog-info.yaml': 'kind: System\n',
      }),
      { message: 'Create wallet', author },
    );
    expect(info).toEqual({
      repo: 'team-payments/wallet',
      cloneUrl: path.join(root, 'team-payments/wallet.git'),
      url: 'https://github.test/team-payments/wallet',
      defaultBranch: 'main',
    });
    expect(writes[0]).toEqual({
      method: 'POST',
      path: '/api/v3/orgs/team-payments/repos',
      body: { name: 'wallet', private: true, auto_init: false },
      auth: `Bearer ${token}`,
    });
    expect(await show('main', 'README.md')).toBe('# Wallet\n');
    const log = await git(['log', '--format=%an <%ae>|%s', 'main'], {
      cwd: path.join(root, 'team-payments/wallet.git'),
    });
    expect(log.trim()).toBe(
      'Jane Operator <jane@users.noreply.invalid>|Create wallet',
    );
    await expect(
      forge.createRepo('team-payments/wallet', workTree({ a: 'b' }), {
        message: 'again',
        author,
      }),
    ).rejects.toThrow('already exists');
  });

  it('opens a pull request from a branch, and updates the same one when run again', async () => {
    const first = await forge.openPullRequest(
      'team-payments/wallet',
      workTree({
        'README.md': '# Wallet v2\n',
        'catalog-info.yaml': 'kind: System\n',
      }),
      {
        branch: 'new-service/wallet-search',
        title: 'Add service',
        description: 'First.',
        author,
      },
    );
    expect(first.updated).toBe(false);
    expect(first.pullRequest).toMatchObject({
      id: 1,
      repo: 'team-payments/wallet',
      branch: 'new-service/wallet-search',
      base: 'main',
      state: 'open',
      files: ['README.md'],
      url: 'https://github.test/team-payments/wallet/pull/1',
    });
    expect(await show('new-service/wallet-search', 'README.md')).toBe(
      '# Wallet v2\n',
    );

    const second = await forge.openPullRequest(
      'team-payments/wallet',
      workTree({
        'README.md': '# Wallet v3\n',
        'catalog-info.yaml': 'kind: System\n',
      }),
      {
        branch: 'new-service/wallet-search',
        title: 'Add service (again)',
        description: 'Second.',
        author,
      },
    );
    expect(second.updated).toBe(true);
    expect(second.pullRequest.id).toBe(1);
    expect(await show('new-service/wallet-search', 'README.md')).toBe(
      '# Wallet v3\n',
    );
    expect(
      writes
        .filter(w => w.path.endsWith('/pulls') || w.path.includes('/pulls/'))
        .map(w => w.method),
    ).toEqual(['POST', 'PATCH']);
    expect(await forge.listPullRequests('team-payments/wallet')).toEqual([
      expect.objectContaining({
        id: 1,
        title: 'Add service (again)',
        description: 'Second.',
      }),
    ]);
  });

  it('refuses a pull request that changes nothing, without writing to GitHub', async () => {
    const before = writes.length;
    await expect(
      forge.openPullRequest(
        'team-payments/wallet',
        workTree({
          'README.md': '# Wallet\n',
          'catalog-info.yaml': 'kind: System\n',
        }),
        { branch: 'noop', title: 'Nothing', description: '', author },
      ),
    ).rejects.toThrow('nothing to change in team-payments/wallet');
    expect(writes.length).toBe(before);
  });

  it('checks out the default branch and diffs a tree against it', async () => {
    const dir = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'co-')),
      'wallet',
    );
    await forge.checkout('team-payments/wallet', dir);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe(
      '# Wallet\n',
    );
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    fs.writeFileSync(path.join(dir, 'new.txt'), 'x');
    expect(await forge.diff('team-payments/wallet', dir)).toEqual(['new.txt']);
  });

  it('reports a missing repository as missing and a failing API by status, never with the token', async () => {
    expect(await forge.getRepo('team-payments/nothing')).toBeUndefined();
    server.use(
      http.get(`${api}/repos/:owner/:name`, () =>
        HttpResponse.json({ message: 'Server Error' }, { status: 502 }),
      ),
    );
    const error = await forge.getRepo('team-payments/wallet').catch(e => e);
    expect(error.message).toBe(
      'GitHub GET /repos/team-payments/wallet: 502 Server Error',
    );
    expect(String(error.stack)).not.toContain(token);
    server.resetHandlers();
  });

  it('refuses branch and repository names that could escape', async () => {
    await expect(
      forge.openPullRequest('team-payments/wallet', workTree({}), {
        branch: '../main',
        title: 't',
        description: '',
        author,
      }),
    ).rejects.toThrow('is not a branch name');
    await expect(forge.getRepo('../etc/passwd')).rejects.toThrow(
      'is not a repository',
    );
  });
});
