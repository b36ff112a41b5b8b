/*
 * The repository actions use the portal's own forge credentials on a user's
 * behalf, so they check what they touch: the infra repo and the user's own
 * teams' repositories only (dry runs included), and publishing never
 * proposes a new tree to a repository made for another product.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { LocalForge } from '@internal/plugin-forge-node';
import { useDryRunBackend } from '../templates/__testUtils__/dryRun';

const author = { name: 'Test', email: 'test@users.noreply.invalid' };
const system = (name: string, owner: string) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: System',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  owner: ${owner}`,
    '',
  ].join('\n');

/**
 * An inline template: the template's files (`product/`) into the
 * workspace, then the step under test.
 */
function template(step: object) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'repo-action-test' },
    spec: {
      owner: 'group:default/platform-runtime',
      type: 'test',
      steps: [
        {
          id: 'files',
          name: 'Files',
          action: 'fetch:plain',
          input: { url: './product', targetPath: './product' },
        },
        step,
      ],
    },
  };
}

describe('repository actions check what they touch', () => {
  const backend = useDryRunBackend();
  let forge: LocalForge;

  beforeAll(async () => {
    forge = new LocalForge({
      directory: backend.forgeDir,
      cloneBaseUrl: 'https://git.trinity.example',
      appBaseUrl: 'http://localhost:3000',
    });
    const make = async (repo: string, catalogInfo: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-repo-'));
      fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), catalogInfo);
      await forge.createRepo(repo, dir, { message: 'first', author });
      fs.rmSync(dir, { recursive: true, force: true });
    };
    await make(
      'team-storefront/storefront',
      system('storefront', 'group:default/team-storefront'),
    );
    // A repository the storefront team has, made for another product.
    await make(
      'team-storefront/giftcard',
      system('vouchers', 'group:default/team-storefront'),
    );
  }, 60_000);

  async function run(
    user: string,
    step: object,
    files: Record<string, string> = { 'product/README.md': 'x' },
  ) {
    const res = await request(backend().server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        template: template(step),
        values: {},
        directoryContents: Object.entries(files).map(([p, text]) => ({
          path: p,
          base64Content: Buffer.from(text).toString('base64'),
        })),
      });
    return JSON.stringify(res.body);
  }
  const checkout = (repo: string) => ({
    id: 'checkout',
    name: 'Check out',
    action: 'trinity:repo:checkout',
    input: { repo, targetPath: './repo' },
  });

  it("refuses another team's repository to checkout, dry run or not", async () => {
    const out = await run(
      'user:default/priya.nair',
      checkout('team-storefront/storefront'),
    );
    expect(out).toContain(
      'team-storefront/storefront belongs to team-storefront, and user:default/priya.nair is not a member',
    );
  });

  it.each([
    ['user:default/guest', 'team-storefront/storefront'],
    ['user:default/priya.nair', 'platform/infra'],
    ['user:default/amara.okafor', 'team-storefront/storefront'],
  ])('lets %s check out %s', async (user, repo) => {
    const out = await run(user, checkout(repo));
    expect(out).not.toContain('is not a member');
    expect(out).toContain('"status":"completed"');
  });

  it('refuses a pull request to another team’s repository', async () => {
    const out = await run('user:default/guest', {
      id: 'pr',
      name: 'Propose',
      action: 'trinity:pull-request',
      input: {
        repo: 'team-payments/wallet',
        sourcePath: '.',
        branch: 'x',
        title: 'x',
        description: 'x',
        allowedPaths: ['x'],
      },
    });
    expect(out).toContain(
      'team-payments/wallet belongs to team-payments, and user:default/guest is not a member',
    );
  });

  it('never proposes a new tree to a repository made for another product', async () => {
    const publish = {
      id: 'publish',
      name: 'Publish',
      action: 'trinity:repo:publish',
      input: { repo: 'team-storefront/giftcard', sourcePath: './product' },
    };
    const refused = await run('user:default/guest', publish, {
      'product/catalog-info.yaml': system(
        'giftcard',
        'group:default/team-storefront',
      ),
    });
    expect(refused).toContain(
      'team-storefront/giftcard exists and was not created for this product (it declares System vouchers of group:default/team-storefront, this is System giftcard of group:default/team-storefront)',
    );
    // The same product again: a pull request would be proposed.
    const same = await run('user:default/guest', publish, {
      'product/catalog-info.yaml': system(
        'vouchers',
        'group:default/team-storefront',
      ),
    });
    expect(same).toContain('would open a pull request');
  });
});
