/*
 * The Forge page's API end to end: the forge backend plugin in a test
 * backend (under /api/forge), a real LocalForge in a temp directory as its
 * forge, a catalog holding two products, a permission service with a small
 * grants table mimicking the Trinity policy, an auditor that records every
 * event, and an events service that records what is published.
 *
 * Shared by the router.*.test.ts files: each calls `forgeRouterTest()` once
 * at its top level and gets its own forge, pull requests and backend
 * (started in its beforeAll, stopped in its afterAll).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import {
  forgeServiceRef,
  LocalForge,
  PullRequest,
} from '@internal/plugin-forge-node';
import { forgePlugin } from '../plugin';
import {
  ADA,
  GUEST,
  KOFI,
  PermissionRequest,
  permissionsRecording,
} from './grants';

export const INFRA = 'platform/infra';
export const STOREFRONT = 'team-storefront/storefront';
export const WALLET = 'team-payments/wallet';
export const ORPHAN = 'team-x/orphan';

export const auth = (ref: string) => ({
  Authorization: mockCredentials.user.header(ref),
});

const system = (name: string, team: string, repo: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'trinity.io/source-repo': repo },
  },
  spec: { owner: `group:default/${team}` },
});

const entities: Entity[] = [
  system('storefront', 'team-storefront', STOREFRONT),
  system('wallet', 'team-payments', WALLET),
];

type Audit = {
  eventId: string;
  severityLevel?: string;
  meta?: any;
  result?: { status: 'succeeded' | 'failed'; [k: string]: any };
};

let dirs = 0;
function tree(tmp: string, files: Record<string, string>): string {
  const dir = path.join(tmp, `tree-${++dirs}`);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const importer = { name: 'Trinity', email: 'trinity@users.noreply.invalid' };

/** Opens a pull request writing `file` into the repo's default branch. */
async function openPr(
  forge: LocalForge,
  tmp: string,
  repo: string,
  opts: { branch: string; file: string; text: string; by: string },
): Promise<PullRequest> {
  const dir = path.join(tmp, `checkout-${++dirs}`);
  await forge.checkout(repo, dir);
  fs.mkdirSync(path.dirname(path.join(dir, opts.file)), { recursive: true });
  fs.writeFileSync(path.join(dir, opts.file), opts.text);
  const name = opts.by.split('/').pop()!;
  const { pullRequest } = await forge.openPullRequest(repo, dir, {
    branch: opts.branch,
    title: `Change ${opts.file}`,
    description: `Writes ${opts.file}`,
    author: {
      name,
      email: `${name}@users.noreply.invalid`,
      ref: opts.by,
    },
  });
  return pullRequest;
}

export const api = '/api/forge';

/**
 * Registers the test file's hooks: in beforeAll the four repositories, their
 * pull requests and the backend; before each test, empty records; in
 * afterAll, the backend stopped and the temp directory removed.
 */
export function forgeRouterTest() {
  const permissionRequests: PermissionRequest[] = [];
  const permissionsFactory = permissionsRecording(permissionRequests);

  const audits: Audit[] = [];
  const auditorFactory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      async createEvent(opts: any) {
        const event: Audit = {
          eventId: opts.eventId,
          severityLevel: opts.severityLevel,
          meta: opts.meta,
        };
        audits.push(event);
        return {
          async success(o?: any) {
            event.result = { status: 'succeeded', ...o };
          },
          async fail(o: any) {
            event.result = { status: 'failed', ...o };
          },
        };
      },
    }),
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-router-'));
  const forge = new LocalForge({
    directory: path.join(tmp, 'forge'),
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl: 'http://localhost:3000',
  });

  /** The plugin's forge: the test's own. */
  const forgeFactory = createServiceFactory({
    service: forgeServiceRef,
    deps: {},
    factory: () => forge,
  });

  const published: EventParams[] = [];
  const eventsFactory = createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => ({
      async publish(params: EventParams) {
        published.push(params);
      },
      async subscribe() {},
    }),
  });

  const prs: Record<string, PullRequest> = {};
  let started: TestBackend;

  beforeAll(async () => {
    await forge.createRepo(
      INFRA,
      tree(tmp, { 'README.md': 'infra\n', 'tenants/.keep': '' }),
      { message: 'Import infra', author: importer },
    );
    await forge.createRepo(
      STOREFRONT,
      tree(tmp, { 'README.md': 'storefront\n' }),
      { message: 'Create storefront', author: importer },
    );
    await forge.createRepo(WALLET, tree(tmp, { 'README.md': 'wallet\n' }), {
      message: 'Create wallet',
      author: importer,
    });
    await forge.createRepo(ORPHAN, tree(tmp, { 'README.md': 'orphan\n' }), {
      message: 'Create orphan',
      author: importer,
    });

    prs.storefrontMerge = await openPr(forge, tmp, STOREFRONT, {
      branch: 'feature/banner',
      file: 'banner.txt',
      text: 'Summer sale\n',
      by: GUEST,
    });
    prs.storefrontRefused = await openPr(forge, tmp, STOREFRONT, {
      branch: 'feature/checkout',
      file: 'checkout.txt',
      text: 'One-click checkout\n',
      by: GUEST,
    });
    prs.infraByAda = await openPr(forge, tmp, INFRA, {
      branch: 'new-product/shop',
      file: 'tenants/shop.yaml',
      text: 'name: shop\n',
      by: ADA,
    });
    prs.infraByGuest = await openPr(forge, tmp, INFRA, {
      branch: 'new-product/gifts',
      file: 'tenants/gifts.yaml',
      text: 'name: gifts\n',
      by: GUEST,
    });
    prs.wallet = await openPr(forge, tmp, WALLET, {
      branch: 'feature/refunds',
      file: 'refunds.txt',
      text: 'Refunds\n',
      by: KOFI,
    });
    prs.orphan = await openPr(forge, tmp, ORPHAN, {
      branch: 'feature/anything',
      file: 'anything.txt',
      text: 'anything\n',
      by: ADA,
    });

    started = await startTestBackend({
      features: [
        forgePlugin,
        forgeFactory,
        eventsFactory,
        mockServices.rootConfig.factory({
          data: { trinity: { forge: { infraRepo: INFRA } } },
        }),
        catalogServiceMock.factory({ entities }),
        permissionsFactory,
        auditorFactory,
        // A request without a token is anonymous (the mock's default would
        // sign it in as a mock user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
  });

  afterAll(async () => {
    await started?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    audits.length = 0;
    permissionRequests.length = 0;
    published.length = 0;
  });

  /** The started backend; its server exists once beforeAll has run. */
  const backend = {
    get server() {
      return started.server;
    },
  };

  const merge = (id: number, user?: string) => {
    const req = request(backend.server).post(`${api}/pulls/${id}/merge`);
    return user ? req.set(auth(user)) : req;
  };

  return {
    forge,
    prs,
    backend,
    merge,
    audits,
    permissionRequests,
    published,
  };
}
