import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import {
  DirectoryPreparer,
  TechdocsGenerator,
} from '@backstage/plugin-techdocs-node';
import {
  copyForBuild,
  CopyingDirectoryPreparer,
  docsDirOf,
} from './techdocsCopiedDirectory';

const repoRoot = path.resolve(__dirname, '../../..');
const appConfig = parse(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
);

/** A product directory as the embedded default's catalog holds one. */
function productDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'product-'));
  fs.cpSync(path.join(repoRoot, 'catalog/products/storefront'), dir, {
    recursive: true,
  });
  // What MkDocs does not read: it must not be copied.
  fs.mkdirSync(path.join(dir, 'node_modules/big'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/big/index.js'), '//');
  return dir;
}

const entityIn = (dir: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    annotations: {
      'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
      'backstage.io/techdocs-ref': 'dir:.',
    },
  },
});

describe('TechDocs dir: references are built from a copy', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads docs_dir as MkDocs does', () => {
    expect(docsDirOf('site_name: x\n')).toBe('docs');
    expect(docsDirOf('site_name: x\ndocs_dir: pages\n')).toBe('pages');
    expect(docsDirOf("docs_dir: 'site docs' # comment\n")).toBe('site docs');
  });

  it("builds the storefront's docs without touching its mkdocs.yml", async () => {
    const source = productDir();
    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
    dirs.push(source, output);
    const before = fs.readFileSync(path.join(source, 'mkdocs.yml'), 'utf8');
    const config = new ConfigReader({ techdocs: appConfig.techdocs });
    const logger = mockServices.logger.mock();
    const preparer = new CopyingDirectoryPreparer(
      DirectoryPreparer.fromConfig(config, {
        logger,
        reader: mockServices.urlReader.mock(),
      }),
      ScmIntegrations.fromConfig(config),
    );
    const { preparedDir } = await preparer.prepare(entityIn(source) as any);
    dirs.push(preparedDir);
    expect(preparedDir).not.toBe(source);
    expect(fs.readdirSync(preparedDir).sort()).toEqual(['docs', 'mkdocs.yml']);
    expect(preparer.shouldCleanPreparedDirectory()).toBe(true);

    // The real generator (MkDocs from Debian), as the portal runs it.
    await TechdocsGenerator.fromConfig(config, { logger }).run({
      inputDir: preparedDir,
      outputDir: output,
      logger: logger as any,
    });
    expect(fs.existsSync(path.join(output, 'index.html'))).toBe(true);
    // The generator rewrote the copy (its default plugins) ...
    expect(
      fs.readFileSync(path.join(preparedDir, 'mkdocs.yml'), 'utf8'),
    ).toMatch(/plugins:\s*\n\s*- search/);
    // ... and not the product's own file.
    expect(fs.readFileSync(path.join(source, 'mkdocs.yml'), 'utf8')).toBe(
      before,
    );
  }, 60_000);

  it('refuses a docs_dir outside the directory', async () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), 'product-'));
    dirs.push(source);
    fs.writeFileSync(
      path.join(source, 'mkdocs.yml'),
      'site_name: x\ndocs_dir: ../elsewhere\n',
    );
    await expect(copyForBuild(source)).rejects.toThrow(
      /docs_dir \.\.\/elsewhere is outside/,
    );
  });
});
