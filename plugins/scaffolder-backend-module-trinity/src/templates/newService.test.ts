/*
 * new-service through the Scaffolder's dry run, on the storefront: its
 * product repository (what new-product renders for it) is on the forge and
 * its entities are in the catalog. The two pull requests add the service
 * and change nothing else; the infra one passes the infra validator; bad
 * requests are refused by the backend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { formatProblem, validateInfra } from '@internal/infra-validator';
import { parse, parseAllDocuments } from 'yaml';
import { LocalForge } from '@internal/plugin-forge-node';
import { SOURCE_REPO_ANNOTATION } from '../actions/platformContext';
import {
  DryRunResult,
  expectRefused,
  linesLost,
  materialise,
  repoRoot,
  refusals,
  useDryRunBackend,
  validateRenderedInfra,
} from './__testUtils__/dryRun';
import { storefront } from './__testUtils__/storefront';

const productRepo = 'team-storefront/storefront';

/** The storefront's entities as the forge's catalog provider gives them. */
const storefrontEntities: Entity[] = parseAllDocuments(
  fs.readFileSync(
    path.join(repoRoot, 'catalog/products/storefront.yaml'),
    'utf8',
  ),
).map(d => {
  const e = d.toJS() as Entity;
  e.metadata.annotations = {
    ...e.metadata.annotations,
    [SOURCE_REPO_ANNOTATION]: productRepo,
  };
  return e;
});

/** A portal-made product whose new-product pull request is not merged yet. */
const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'ledger',
    annotations: { [SOURCE_REPO_ANNOTATION]: 'team-payments/ledger' },
  },
  spec: { owner: 'group:default/team-payments' },
};

const search = {
  product: 'system:default/storefront',
  service: 'search',
  kind: 'api',
  sloObjective: 99.5,
  latencyTargetMs: 200,
  minReplicas: 2,
  maxReplicas: 4,
};

const logLines = (r: DryRunResult) =>
  (r.body.log ?? []).map((l: any) => String(l.body.message));

describe('new-service', () => {
  const backend = useDryRunBackend([...storefrontEntities, ledger]);
  let product: Map<string, string>;

  beforeAll(async () => {
    // The storefront's repository, as new-product creates it.
    const rendered = await backend().dryRun(
      'product/new-product.yaml',
      storefront,
    );
    product = new Map(
      [...rendered.files]
        .filter(([f]) => f.startsWith('product/'))
        .map(([f, t]) => [f.slice('product/'.length), t]),
    );
    const dir = materialise(rendered.files, 'product/');
    await new LocalForge({
      directory: backend.forgeDir,
      cloneBaseUrl: 'https://git.trinity.example',
      appBaseUrl: 'http://localhost:3000',
    }).createRepo(productRepo, dir, {
      message: 'Create storefront',
      author: { name: 'Test', email: 'test@users.noreply.invalid' },
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('proposes the service to the product repository and the infra repo', async () => {
    const result = await backend().dryRun('product/new-service.yaml', search);
    expect({ status: result.status, error: result.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const { files } = result;
    expect(
      logLines(result)
        .filter((l: string) => l.includes('would propose'))
        .map((l: string) => l.replace(/^.*dry run: /, '')),
    ).toEqual([
      `would propose 16 file(s) to ${productRepo} on new-service/storefront-search`,
      'would propose 3 file(s) to platform/infra on new-service/storefront-search',
    ]);

    // Product repo: the service with its Component and API…
    const entities = parseAllDocuments(
      files.get('product/services/storefront-search/catalog-info.yaml')!,
    ).map(d => d.toJS());
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Component:storefront-search',
      'API:storefront-search',
    ]);
    expect(entities[0].spec).toMatchObject({
      type: 'service',
      system: 'storefront',
      owner: 'group:default/team-storefront',
      providesApis: ['storefront-search'],
    });
    // …and the System's SLO list grows by it; nothing else in the file changes.
    const system = files.get('product/catalog-info.yaml')!;
    expect(system).toContain(
      'trinity.io/sloth-service: storefront-web,storefront-api,storefront-search',
    );
    expect(
      linesLost(product.get('catalog-info.yaml')!, system, [/sloth-service/]),
    ).toEqual([]);

    // Infra: the tenant gains the service's file and one resource line…
    const kustomization = files.get(
      'infra/tenants/storefront/base/kustomization.yaml',
    )!;
    expect(kustomization).toContain('  - storefront-search.yaml');
    expect(
      linesLost(
        fs.readFileSync(
          path.join(
            repoRoot,
            'infra/tenants/storefront/base/kustomization.yaml',
          ),
          'utf8',
        ),
        kustomization,
      ),
    ).toEqual([]);
    // …and the whole checkout still passes the infra validator, with the
    // new service's Applications generated on the storefront's clusters.
    const report = validateRenderedInfra(files);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(
      files.get('infra/tenants/storefront/services/storefront-search.yaml'),
    ).toContain('service: storefront-search');
  }, 60_000);

  it('renders a service whose manifests pass the schemas and the admission policies', async () => {
    const { files } = await backend().dryRun('product/new-service.yaml', {
      ...search,
      service: 'admin-ui',
      kind: 'web',
    });
    const dir = materialise(files, 'product/');
    try {
      const report = validateInfra({
        repoRoot: dir,
        infraDir: path.join(dir, 'services/storefront-admin-ui'),
        registry: path.join(repoRoot, 'infra/registry'),
        policiesDir: path.join(repoRoot, 'infra/kyverno/policies'),
        // Argo CD applies it into the tenant's namespace (tier-1).
        namespace: parse(
          fs.readFileSync(
            path.join(repoRoot, 'infra/tenants/storefront/base/namespace.yaml'),
            'utf8',
          ),
        ),
      });
      expect(report.problems.map(formatProblem)).toEqual([]);
      expect(report.counts.overlays).toBe(4);
      // Every tenant policy judged the Deployment and the Service of each
      // overlay: 8 on a tier-1 Deployment, 1 on its Service.
      expect(report.counts.policyEvaluations).toBe(4 * 9);
      // A frontend consumes the product's API and gets ingress, not egress.
      expect(
        fs.readFileSync(
          path.join(dir, 'services/storefront-admin-ui/catalog-info.yaml'),
          'utf8',
        ),
      ).toContain('consumesApis: [storefront-api]');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(
      files.get('infra/tenants/storefront/base/storefront-admin-ui.yaml'),
    ).toContain('name: allow-ingress-to-storefront-admin-ui');
  }, 60_000);

  it.each(
    refusals([
      [{ service: 'web' }, 'storefront-web\\" is already in the catalog'],
      [
        { product: 'system:default/platform' },
        'was not created by the portal',
        'user:default/amara.okafor',
      ],
      [
        { product: 'system:default/platform' },
        'product: platform belongs to platform-runtime, and you are not a member',
      ],
      [
        {},
        'product: storefront belongs to team-storefront, and you are not a member',
        'user:default/priya.nair',
      ],
      [
        { product: 'system:default/ledger' },
        'has no tenant in the infra repo yet (tenants/ledger/base/kustomization.yaml); merge its new-product pull request first',
        'user:default/priya.nair',
      ],
      [{ product: 'system:default/nothing' }, 'is not in the catalog'],
      [{ product: 'component:default/storefront-web' }, 'is not a System'],
      [{ kind: 'worker' }, 'kind'],
      [{ service: '../../etc' }, 'service'],
      [{ sloObjective: 100 }, 'sloObjective'],
    ]),
  )(
    'refuses %j sent directly to the backend (%s)',
    async (change, reason, user) => {
      expectRefused(
        await backend().dryRun(
          'product/new-service.yaml',
          { ...search, ...change },
          { user },
        ),
        reason,
        'infra/tenants/storefront/services/',
      );
    },
    60_000,
  );
});
