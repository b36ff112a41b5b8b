import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import roadieUtils from '@roadiehq/scaffolder-backend-module-utils';
import { validateInfra } from '@internal/infra-validator';
import { readInfraTenants } from '@internal/plugin-forge-node';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  entryPointEntity,
  tenantEntity,
} from '@internal/plugin-platform-common';
import { scaffolderModuleTrinity } from '../../module';

/** The monorepo root (tests run from source). */
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../../..');

/** Every file under a directory, as the dry-run API takes them. */
function directoryContents(dir: string, prefix = '') {
  const out: Array<{ path: string; base64Content: string }> = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), {
    withFileTypes: true,
  })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...directoryContents(dir, rel));
    else {
      out.push({
        path: rel,
        base64Content: fs.readFileSync(path.join(dir, rel)).toString('base64'),
      });
    }
  }
  return out;
}

/** The cluster registry and teams, as the real catalog holds them. */
export function catalogEntities(): Entity[] {
  const read = (f: string) =>
    parseAllDocuments(fs.readFileSync(path.join(repoRoot, f), 'utf8')).map(
      d => d.toJS() as Entity,
    );
  const registry = path.join(repoRoot, 'infra/registry');
  return [
    ...read('catalog/platform.yaml'),
    ...read('catalog/org.yaml'),
    ...fs
      .readdirSync(registry)
      .filter(f => f.endsWith('.yaml') && f !== 'README.md')
      .flatMap(f => read(`infra/registry/${f}`)),
  ];
}

/** What the infra-repo provider writes for the repository's infra/. */
export async function infraEntities(): Promise<Entity[]> {
  const { tenants, entryPoints } = await readInfraTenants(
    path.join(repoRoot, 'infra'),
  );
  return [
    ...tenants.map(t => tenantEntity(t, 'platform/infra')),
    ...entryPoints.map(e => entryPointEntity(e, 'platform/infra')),
  ];
}

/**
 * The user info service as Backstage's sign-in resolver fills it: the
 * user and the groups the catalog says they are a member of.
 */
export function userInfoFromCatalog(entities: Entity[]) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const ref = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        const user = entities.find(
          e => e.kind === 'User' && `user:default/${e.metadata.name}` === ref,
        );
        const groups = ((user?.spec?.memberOf as string[]) ?? []).map(
          g => `group:default/${g}`,
        );
        return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] };
      },
    }),
  });
}

/** Who runs the templates unless a test says otherwise: a storefront member. */
export const DEFAULT_USER = 'user:default/guest';

export interface DryRunResult {
  status: number;
  body: any;
  /** Rendered workspace files by path. */
  files: Map<string, string>;
}

/**
 * Runs a template of `templates/` through the Scaffolder's own dry-run
 * endpoint, with Trinity's actions and Roadie's utils, a local forge seeded
 * with the real infra repo, and the real cluster registry in the catalog.
 */
export async function startDryRunBackend(
  forgeDir: string,
  extraEntities: Entity[] = [],
) {
  // The infra repo, as the forge backend seeds it (trinity.forge.local.seed)
  // in the portal.
  const seeder = new LocalForge({
    directory: forgeDir,
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl: 'http://localhost:3000',
  });
  if (!(await seeder.getRepo('platform/infra'))) {
    await seeder.createRepo('platform/infra', path.join(repoRoot, 'infra'), {
      message: 'Import platform/infra',
      author: { name: 'Trinity', email: 'trinity@users.noreply.invalid' },
    });
  }
  const entities = [
    ...catalogEntities(),
    ...(await infraEntities()),
    ...extraEntities,
  ];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      roadieUtils,
      scaffolderModuleTrinity,
      catalogServiceMock.factory({ entities }),
      userInfoFromCatalog(entities),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          trinity: {
            forge: {
              type: 'local',
              cloneBaseUrl: 'https://git.trinity.example',
              infraRepo: 'platform/infra',
              local: { directory: forgeDir },
            },
            publicZones: [
              { name: 'trinity.example', zoneId: 'Z0TRINITYEXAMPLE0000001' },
            ],
            traffic: { defaultProvider: 'powerdns' },
            images: { registry: 'registry.trinity.example' },
            clusters: {
              'aws-use1-prod-01': { ingress: '127.0.0.11' },
              'gcp-euw1-prod-01': { ingress: '127.0.0.12' },
              'azure-eastus-prod-01': { ingress: '127.0.0.13' },
            },
          },
        },
      }),
    ],
  });
  /** `template`: its file under templates/, e.g. `product/new-product.yaml`. */
  const dryRun = async (
    template: string,
    values: Record<string, unknown>,
    options: { user?: string } = {},
  ): Promise<DryRunResult> => {
    const file = path.join(repoRoot, 'templates', template);
    const dir = path.dirname(file);
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header(options.user ?? DEFAULT_USER),
      )
      .send({
        template: parse(fs.readFileSync(file, 'utf8')),
        values,
        directoryContents: directoryContents(dir),
      });
    const files = new Map<string, string>();
    for (const f of res.body.directoryContents ?? []) {
      files.set(
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      );
    }
    return { status: res.status, body: res.body, files };
  };
  return { dryRun, server: backend.server, stop: () => backend.stop() };
}

/**
 * Starts the dry-run backend for a describe block (a fresh forge each
 * time) and stops it after; the returned getter gives the running backend.
 */
export function useDryRunBackend(extraEntities: Entity[] = []) {
  const forgeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
  let backend: Awaited<ReturnType<typeof startDryRunBackend>>;
  beforeAll(async () => {
    backend = await startDryRunBackend(forgeDir, extraEntities);
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(forgeDir, { recursive: true, force: true });
  });
  const get = () => backend;
  get.forgeDir = forgeDir;
  return get;
}

/** Writes the dry run's files under `prefix` into a new directory. */
export function materialise(
  files: Map<string, string>,
  prefix: string,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-rendered-'));
  for (const [f, text] of files) {
    if (!f.startsWith(prefix)) continue;
    const target = path.join(dir, f.slice(prefix.length));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return dir;
}

/**
 * Validates the rendered infra checkout (`infra/…` files of a dry run, with
 * the cluster registry it holds), as CI validates the infra repo; the
 * product repository the dry run rendered (`product/…`), if any, joins the
 * cross-checks (its pods, Services and ServiceMonitors against its tenant's
 * NetworkPolicies and the platform's Services).
 */
export function validateRenderedInfra(files: Map<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-infra-'));
  fs.renameSync(materialise(files, 'infra/'), path.join(root, 'infra'));
  const hasProduct = [...files.keys()].some(f => f.startsWith('product/'));
  if (hasProduct)
    fs.renameSync(materialise(files, 'product/'), path.join(root, 'product'));
  try {
    return validateInfra({
      repoRoot: root,
      productRepos: hasProduct ? [path.join(root, 'product')] : [],
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Expects a dry run to have been refused (400 from the parameter schema, or
 * a failed step) with `reason` in what came back, and nothing rendered
 * under `prefix`.
 */
export function expectRefused(
  result: DryRunResult,
  reason: string,
  prefix: string,
) {
  const text = JSON.stringify(result.body);
  expect({
    refused: result.status >= 400 || text.includes('failed'),
    text,
  }).toEqual({ refused: true, text: expect.stringContaining(reason) });
  expect([...result.files.keys()].filter(f => f.startsWith(prefix))).toEqual(
    [],
  );
}

/** Every line of the original file is still there (only additions or the named lines changed). */
export function linesLost(
  original: string,
  changed: string,
  except: RegExp[] = [],
) {
  const kept = new Set(changed.split('\n'));
  return original
    .split('\n')
    .filter(l => !kept.has(l) && !except.some(e => e.test(l)));
}

/**
 * Rows of refused requests (change, reason, optionally the user), each
 * with all three entries: jest passes `done` to a test given fewer
 * arguments than it declares.
 */
export const refusals = (rows: Array<[object, string, string?]>) =>
  rows.map(
    ([change, reason, user]) =>
      [change, reason, user] as [object, string, string | undefined],
  );
