/*
 * new-product through the Scaffolder's dry run: what it renders for the
 * storefront's inputs is exactly the storefront in catalog/ and
 * infra/tenants/; what it renders for a new product validates with the
 * infra validator; bad inputs are refused by the backend, not only the form.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDryRunBackend, repoRoot } from './dryRun';

const storefront = {
  name: 'storefront',
  title: 'Storefront',
  description: 'The web shop customers buy from.',
  team: 'group:default/team-storefront',
  services: ['web', 'api'],
  clouds: ['aws-use1-prod-01', 'gcp-euw1-prod-01', 'azure-eastus-prod-01'],
  tier: 'tier-1',
  sloObjective: 99.9,
  latencyTargetMs: 300,
  hostname: 'shop.trinity.example',
  minReplicas: 3,
  maxReplicas: 12,
};

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap(e => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

describe('new-product', () => {
  const forgeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
  let backend: Awaited<ReturnType<typeof startDryRunBackend>>;

  beforeAll(async () => {
    backend = await startDryRunBackend(forgeDir);
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(forgeDir, { recursive: true, force: true });
  });

  it('renders the storefront exactly as it is in the repo', async () => {
    const { status, body, files } = await backend.dryRun('new-product', storefront);
    expect({ status, error: body.error }).toEqual({ status: 200, error: undefined });
    const tenantDir = path.join(repoRoot, 'infra/tenants/storefront');
    if (process.env.TRINITY_WRITE_STOREFRONT) {
      // After a deliberate template change: write the new rendering, review the diff.
      for (const [f, text] of files) {
        if (f.startsWith('infra/tenants/storefront/')) {
          fs.mkdirSync(path.dirname(path.join(repoRoot, f)), { recursive: true });
          fs.writeFileSync(path.join(repoRoot, f), text);
        }
      }
      fs.writeFileSync(
        path.join(repoRoot, 'catalog/products/storefront.yaml'),
        files.get('product/catalog-info.yaml')!.replace(/\n {4}backstage\.io\/techdocs-ref: dir:\.\n/, '\n'),
      );
    }
    const expected = filesUnder(tenantDir).sort();
    const rendered = [...files.keys()]
      .filter(f => f.startsWith('infra/tenants/storefront/'))
      .map(f => f.slice('infra/tenants/storefront/'.length))
      .sort();
    expect(rendered).toEqual(expected);
    for (const f of expected) {
      expect({ file: f, text: files.get(`infra/tenants/storefront/${f}`) }).toEqual({
        file: f,
        text: fs.readFileSync(path.join(tenantDir, f), 'utf8'),
      });
    }
    // The portal's catalog has no repository to build the storefront's docs
    // from; everything else is the rendered catalog-info.yaml.
    const catalogInfo = files.get('product/catalog-info.yaml')!.replace(/\n {4}backstage\.io\/techdocs-ref: dir:\.\n/, '\n');
    expect(catalogInfo).toEqual(fs.readFileSync(path.join(repoRoot, 'catalog/products/storefront.yaml'), 'utf8'));
  }, 60_000);
});
