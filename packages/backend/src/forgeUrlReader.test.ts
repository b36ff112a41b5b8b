import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { LocalForge } from '@internal/plugin-forge-node';
import { forgeReaderFactory } from './forgeUrlReader';

const appBaseUrl = 'http://localhost:7007';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-tree-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the local forge as a UrlReader', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-reader-'));
  const forge = new LocalForge({
    directory: root,
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl,
  });
  // Backstage's own reader set (fetch, GitHub, …) with the forge's added,
  // and nothing in backend.reading.allow: as on the embedded default.
  const reader = UrlReaders.default({
    config: new ConfigReader({ app: { baseUrl: appBaseUrl }, backend: {} }),
    logger: mockServices.logger.mock(),
    factories: [forgeReaderFactory(forge)],
  });
  const base = `${appBaseUrl}/forge/team-storefront/giftcard/blob/main`;

  beforeAll(async () => {
    await forge.createRepo(
      'team-storefront/giftcard',
      tree({
        'catalog-info.yaml': 'kind: System\n',
        'mkdocs.yml': 'site_name: Gift cards\n',
        'docs/index.md': '# Gift cards\n',
        'docs/runbook.md': '# Runbook\n',
        'services/giftcard-api/src/server.ts': 'export {};\n',
      }),
      { message: 'Create', author: { name: 'Guest', email: 'g@x.invalid' } },
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a file by the address the catalog holds', async () => {
    const res = await reader.readUrl(`${base}/catalog-info.yaml`);
    expect((await res.buffer()).toString()).toBe('kind: System\n');
    expect(res.etag).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads the folder TechDocs builds from (dir:.), and a subfolder', async () => {
    const whole = await reader.readTree(`${base}/`);
    const names = (await whole.files()).map(file => file.path).sort();
    expect(names).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
      'docs/runbook.md',
      'mkdocs.yml',
      'services/giftcard-api/src/server.ts',
    ]);
    const docs = await reader.readTree(`${base}/docs`);
    const dir = await docs.dir();
    expect(fs.readFileSync(path.join(dir, 'runbook.md'), 'utf8')).toBe(
      '# Runbook\n',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the folder TechDocs resolves from the source location (tree/main/, or the repository itself)', async () => {
    for (const folder of [
      `${appBaseUrl}/forge/team-storefront/giftcard/tree/main/`,
      `${appBaseUrl}/forge/team-storefront/giftcard`,
    ]) {
      const read = await reader.readTree(folder);
      expect((await read.files()).map(file => file.path)).toContain(
        'mkdocs.yml',
      );
    }
    // What TechDocs asks for `dir:.` with the source location the catalog
    // module writes.
    const resolved = new URL(
      '.',
      `${appBaseUrl}/forge/team-storefront/giftcard/tree/main/`,
    ).toString();
    expect(resolved).toBe(
      `${appBaseUrl}/forge/team-storefront/giftcard/tree/main/`,
    );
    await expect(
      reader.readTree(`${appBaseUrl}/forge/team-storefront/`),
    ).rejects.toThrow('is not a file or folder of the local forge');
  });

  it('answers "not modified" for the etag it gave, so TechDocs does not rebuild', async () => {
    const first = await reader.readTree(`${base}/`);
    await expect(
      reader.readTree(`${base}/`, { etag: first.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('refuses what it does not serve with a clear error', async () => {
    await expect(reader.readUrl(`${base}/nope.md`)).rejects.toThrow(
      'nope.md is not in team-storefront/giftcard',
    );
    await expect(
      reader.readUrl(
        `${appBaseUrl}/forge/team-storefront/giftcard/blob/dev/mkdocs.yml`,
      ),
    ).rejects.toThrow('serves team-storefront/giftcard at main only');
    await expect(
      reader.readUrl(`${appBaseUrl}/forge/team-storefront/nope/blob/main/x`),
    ).rejects.toThrow(
      'repository team-storefront/nope is not on the local forge',
    );
    await expect(
      reader.readUrl(`${base}/docs/../../../etc/passwd`),
    ).rejects.toThrow();
  });
});
