import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalForge } from './localForge';

const author = { name: 'Guest', email: 'guest@users.noreply.invalid' };

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-tree-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('LocalForge', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-'));
  const forge = new LocalForge({
    directory: root,
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl: 'http://localhost:3000',
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a repository once, with its files on main', async () => {
    const info = await forge.createRepo(
      'platform/infra',
      tree({ 'README.md': 'infra\n', 'tenants/.keep': '' }),
      {
        message: 'Import',
        author,
      },
    );
    expect(info).toEqual({
      repo: 'platform/infra',
      cloneUrl: 'https://git.trinity.example/platform/infra.git',
      url: 'http://localhost:3000/forge/platform/infra',
      defaultBranch: 'main',
    });
    expect(await forge.listFiles('platform/infra')).toEqual([
      'README.md',
      'tenants/.keep',
    ]);
    await expect(
      forge.createRepo('platform/infra', tree({ a: 'b' }), {
        message: 'x',
        author,
      }),
    ).rejects.toThrow('already exists');
  });

  it('opens a pull request, and updates the same one when run again', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-work-'));
    const checkout = path.join(work, 'infra');
    await forge.checkout('platform/infra', checkout);
    expect(fs.existsSync(path.join(checkout, '.git'))).toBe(false);
    fs.mkdirSync(path.join(checkout, 'tenants/shop'));
    fs.writeFileSync(path.join(checkout, 'tenants/shop/a.yaml'), 'a: 1\n');
    const first = await forge.openPullRequest('platform/infra', checkout, {
      branch: 'new-product/shop',
      title: 'Add shop',
      description: 'first',
      author,
    });
    expect(first.updated).toBe(false);
    expect(first.pullRequest.files).toEqual(['tenants/shop/a.yaml']);

    fs.writeFileSync(path.join(checkout, 'tenants/shop/b.yaml'), 'b: 2\n');
    const second = await forge.openPullRequest('platform/infra', checkout, {
      branch: 'new-product/shop',
      title: 'Add shop',
      description: 'second',
      author,
    });
    expect(second.updated).toBe(true);
    expect(second.pullRequest.id).toBe(first.pullRequest.id);
    expect(second.pullRequest.files).toEqual([
      'tenants/shop/a.yaml',
      'tenants/shop/b.yaml',
    ]);
    expect(await forge.listPullRequests('platform/infra')).toHaveLength(1);
    const diff = await forge.pullRequestDiff(first.pullRequest.id);
    expect(diff).toContain('+b: 2');
    // main is untouched until someone merges.
    expect(await forge.listFiles('platform/infra')).toEqual([
      'README.md',
      'tenants/.keep',
    ]);
  });

  it('refuses a pull request that changes nothing, and names it does not accept', async () => {
    const checkout = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'forge-work-')),
      'infra',
    );
    await forge.checkout('platform/infra', checkout);
    await expect(
      forge.openPullRequest('platform/infra', checkout, {
        branch: 'x',
        title: 't',
        description: '',
        author,
      }),
    ).rejects.toThrow('nothing to change');
    await expect(forge.getRepo('../etc/passwd')).rejects.toThrow(
      'is not a repository',
    );
    await expect(
      forge.openPullRequest('platform/infra', checkout, {
        branch: '../main',
        title: 't',
        description: '',
        author,
      }),
    ).rejects.toThrow('is not a branch name');
  });

  it('merges an open pull request into main, once, and refuses one that conflicts', async () => {
    const [open] = await forge.listPullRequests('platform/infra');
    const reviewer = { name: 'Reviewer', email: 'r@users.noreply.invalid' };
    // A second request on the same file, opened before the first is merged.
    const base = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'forge-work-')),
      'infra',
    );
    await forge.checkout('platform/infra', base);
    fs.mkdirSync(path.join(base, 'tenants/shop'), { recursive: true });
    fs.writeFileSync(path.join(base, 'tenants/shop/a.yaml'), 'a: other\n');
    const rival = await forge.openPullRequest('platform/infra', base, {
      branch: 'rival',
      title: 'Rival',
      description: '',
      author,
    });

    const merged = await forge.mergePullRequest(open.id, reviewer);
    expect(merged.state).toBe('merged');
    expect(await forge.listFiles('platform/infra')).toEqual([
      'README.md',
      'tenants/.keep',
      'tenants/shop/a.yaml',
      'tenants/shop/b.yaml',
    ]);
    await expect(forge.mergePullRequest(open.id, reviewer)).rejects.toThrow(
      `pull request ${open.id} is merged, not open`,
    );
    await expect(
      forge.mergePullRequest(rival.pullRequest.id, reviewer),
    ).rejects.toThrow('conflicts with main');
    // The refused merge left main and the request as they were.
    expect(await forge.readFile('platform/infra', 'tenants/shop/a.yaml')).toBe(
      'a: 1\n',
    );
    const after = await forge.listPullRequests('platform/infra');
    expect(after.find(p => p.id === rival.pullRequest.id)?.state).toBe('open');
  });
});
