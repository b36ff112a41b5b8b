/*
 * The Forge page's API end to end: the forge backend plugin in a test
 * backend (under /api/forge), a real LocalForge in a temp directory as its
 * forge, a catalog holding two products, a permission service with a small
 * grants table mimicking the Trinity policy, an auditor that records every
 * event, and an events service that records what is published.
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
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FORGE_REPO_CHANGED_TOPIC,
  forgeServiceRef,
  LocalForge,
  PullRequest,
} from '@internal/plugin-forge-node';
import { forgePlugin } from './plugin';

jest.setTimeout(60_000);

const INFRA = 'platform/infra';
const STOREFRONT = 'team-storefront/storefront';
const WALLET = 'team-payments/wallet';
const ORPHAN = 'team-x/orphan';

const ADA = 'user:default/ada'; // platform admin
const AMARA = 'user:default/amara'; // platform admin
const GUEST = 'user:default/guest'; // team-storefront
const KOFI = 'user:default/kofi'; // team-payments

const auth = (ref: string) => ({
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

/**
 * Who holds what, as the Trinity policy decides it: `forge.infra.merge` for
 * platform admins; `forge.pullrequest.merge` on a product for its owner
 * group's members and platform admins.
 */
const admins = [ADA, AMARA];
const productMembers: Record<string, string[]> = {
  'system:default/storefront': [GUEST],
  'system:default/wallet': [KOFI],
};

function decide(
  user: string | undefined,
  permission: string,
  resourceRef?: string,
): boolean {
  if (!user) return false;
  switch (permission) {
    case 'forge.infra.merge':
      return admins.includes(user);
    case 'forge.pullrequest.merge':
      return (
        admins.includes(user) ||
        (!!resourceRef && (productMembers[resourceRef] ?? []).includes(user))
      );
    default:
      // Catalog reads and anything else: allowed (the catalog mock does not
      // check permissions anyway).
      return true;
  }
}

const permissionRequests: Array<{
  user?: string;
  permission: string;
  resourceRef?: string;
}> = [];

const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    async authorize(requests, options) {
      const credentials = options?.credentials as
        | BackstageCredentials<BackstageUserPrincipal>
        | undefined;
      const user =
        credentials?.principal?.type === 'user'
          ? credentials.principal.userEntityRef
          : undefined;
      return requests.map(r => {
        const resourceRef = 'resourceRef' in r ? r.resourceRef : undefined;
        permissionRequests.push({
          user,
          permission: r.permission.name,
          resourceRef,
        });
        return {
          result: decide(user, r.permission.name, resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      }) as any;
    },
    async authorizeConditional(requests) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
    },
  }),
});

type Audit = {
  eventId: string;
  severityLevel?: string;
  meta?: any;
  result?: { status: 'succeeded' | 'failed'; [k: string]: any };
};
let audits: Audit[] = [];
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

let dirs = 0;
function tree(files: Record<string, string>): string {
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

const prs: Record<string, PullRequest> = {};
let backend: TestBackend;

beforeAll(async () => {
  await forge.createRepo(
    INFRA,
    tree({ 'README.md': 'infra\n', 'tenants/.keep': '' }),
    { message: 'Import infra', author: importer },
  );
  await forge.createRepo(STOREFRONT, tree({ 'README.md': 'storefront\n' }), {
    message: 'Create storefront',
    author: importer,
  });
  await forge.createRepo(WALLET, tree({ 'README.md': 'wallet\n' }), {
    message: 'Create wallet',
    author: importer,
  });
  await forge.createRepo(ORPHAN, tree({ 'README.md': 'orphan\n' }), {
    message: 'Create orphan',
    author: importer,
  });

  prs.storefrontMerge = await openPr(STOREFRONT, {
    branch: 'feature/banner',
    file: 'banner.txt',
    text: 'Summer sale\n',
    by: GUEST,
  });
  prs.storefrontRefused = await openPr(STOREFRONT, {
    branch: 'feature/checkout',
    file: 'checkout.txt',
    text: 'One-click checkout\n',
    by: GUEST,
  });
  prs.infraByAda = await openPr(INFRA, {
    branch: 'new-product/shop',
    file: 'tenants/shop.yaml',
    text: 'name: shop\n',
    by: ADA,
  });
  prs.infraByGuest = await openPr(INFRA, {
    branch: 'new-product/gifts',
    file: 'tenants/gifts.yaml',
    text: 'name: gifts\n',
    by: GUEST,
  });
  prs.wallet = await openPr(WALLET, {
    branch: 'feature/refunds',
    file: 'refunds.txt',
    text: 'Refunds\n',
    by: KOFI,
  });
  prs.orphan = await openPr(ORPHAN, {
    branch: 'feature/anything',
    file: 'anything.txt',
    text: 'anything\n',
    by: ADA,
  });

  backend = await startTestBackend({
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
  await backend?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  audits = [];
  permissionRequests.length = 0;
  published.length = 0;
});

const api = '/api/forge';

const merge = (id: number, user?: string) => {
  const req = request(backend.server).post(`${api}/pulls/${id}/merge`);
  return user ? req.set(auth(user)) : req;
};

describe('createForgeRouter', () => {
  it('lets a member of the product merge its pull request, and audits it', async () => {
    const pr = prs.storefrontMerge;
    expect(await forge.readFile(STOREFRONT, 'banner.txt')).toBeUndefined();

    const res = await merge(pr.id, GUEST);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: pr.id,
      repo: STOREFRONT,
      state: 'merged',
    });
    expect(await forge.readFile(STOREFRONT, 'banner.txt')).toBe(
      'Summer sale\n',
    );
    expect(
      (await forge.listPullRequests(STOREFRONT)).find(p => p.id === pr.id)
        ?.state,
    ).toBe('merged');
    // Asked on the product, not as an infra merge.
    expect(permissionRequests).toContainEqual({
      user: GUEST,
      permission: 'forge.pullrequest.merge',
      resourceRef: 'system:default/storefront',
    });
    expect(audits).toEqual([
      expect.objectContaining({
        eventId: 'forge-merge',
        severityLevel: 'high',
        meta: { pullRequest: pr.id },
        result: expect.objectContaining({
          status: 'succeeded',
          meta: expect.objectContaining({
            repo: STOREFRONT,
            product: 'system:default/storefront',
            authors: [GUEST],
            state: 'merged',
          }),
        }),
      }),
    ]);
    // The catalog is told, so the merged change shows up at once.
    expect(published).toEqual([
      { topic: FORGE_REPO_CHANGED_TOPIC, eventPayload: { repo: STOREFRONT } },
    ]);
  });

  it("refuses a member of another product merging the product's pull request", async () => {
    const pr = prs.storefrontRefused;

    const res = await merge(pr.id, KOFI);

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "only members of system:default/storefront's owner group",
    );
    expect(await forge.readFile(STOREFRONT, 'checkout.txt')).toBeUndefined();
    expect(
      (await forge.listPullRequests(STOREFRONT)).find(p => p.id === pr.id)
        ?.state,
    ).toBe('open');
    expect(published).toEqual([]);
    expect(audits).toEqual([
      expect.objectContaining({
        eventId: 'forge-merge',
        meta: { pullRequest: pr.id },
        result: expect.objectContaining({
          status: 'failed',
          error: expect.objectContaining({ name: 'NotAllowedError' }),
          meta: expect.objectContaining({ repo: STOREFRONT }),
        }),
      }),
    ]);
  });

  it('refuses an admin merging their own infra pull request; another admin merges it', async () => {
    const pr = prs.infraByAda;
    expect(pr.authorRefs).toEqual([ADA]);

    const own = await merge(pr.id, ADA);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(
      /another platform admin reviews and merges it/,
    );
    expect(await forge.readFile(INFRA, 'tenants/shop.yaml')).toBeUndefined();

    const other = await merge(pr.id, AMARA);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ id: pr.id, state: 'merged' });
    expect(await forge.readFile(INFRA, 'tenants/shop.yaml')).toBe(
      'name: shop\n',
    );

    expect(audits.map(a => [a.eventId, a.result?.status])).toEqual([
      ['forge-merge', 'failed'],
      ['forge-merge', 'succeeded'],
    ]);
    expect(audits[0].result?.meta).toMatchObject({
      repo: INFRA,
      authors: [ADA],
    });
  });

  it('refuses a non-admin merging an infra pull request', async () => {
    const pr = prs.infraByGuest;

    // Not its author and not an admin…
    const kofi = await merge(pr.id, KOFI);
    expect(kofi.status).toBe(403);
    expect(kofi.body.error.message).toContain(
      `only platform admins merge pull requests to ${INFRA}`,
    );
    // …nor its author, who is not an admin either.
    const guest = await merge(pr.id, GUEST);
    expect(guest.status).toBe(403);

    expect(await forge.readFile(INFRA, 'tenants/gifts.yaml')).toBeUndefined();
    expect(audits.map(a => a.result?.status)).toEqual(['failed', 'failed']);
    expect(permissionRequests.map(p => p.permission)).not.toContain(
      'forge.pullrequest.merge',
    );
  });

  it('merges a pull request to a repository of no product as an infra one', async () => {
    const pr = prs.orphan;

    // A non-admin, even a product owner, does not merge it — nor learn it
    // exists: the repository is not theirs to read.
    const guest = await merge(pr.id, GUEST);
    expect(guest.status).toBe(404);
    // Its author, an admin, does not either: it needs another's review.
    const own = await merge(pr.id, ADA);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/another platform admin reviews/);
    expect(await forge.readFile(ORPHAN, 'anything.txt')).toBeUndefined();

    const other = await merge(pr.id, AMARA);
    expect(other.status).toBe(200);
    expect(await forge.readFile(ORPHAN, 'anything.txt')).toBe('anything\n');

    expect(audits.map(a => a.result?.status)).toEqual([
      'failed',
      'failed',
      'succeeded',
    ]);
    expect(audits[2].result?.meta).toMatchObject({
      repo: ORPHAN,
      product: null,
    });
    expect(permissionRequests.map(p => p.permission)).not.toContain(
      'forge.pullrequest.merge',
    );
  });

  it('hides a repository of no product from non-admins, and shows it to admins', async () => {
    for (const user of [GUEST, KOFI]) {
      const one = await request(backend.server)
        .get(`${api}/repos/${ORPHAN}`)
        .set(auth(user));
      expect(one.status).toBe(404);

      const all = await request(backend.server)
        .get(`${api}/repos`)
        .set(auth(user));
      expect(all.status).toBe(200);
      expect(all.body.items.map((r: { repo: string }) => r.repo)).toEqual([
        INFRA,
        WALLET,
        STOREFRONT,
      ]);

      // Nor its pull requests.
      const pull = await request(backend.server)
        .get(`${api}/pulls/${prs.orphan.id}`)
        .set(auth(user));
      expect(pull.status).toBe(404);
    }

    const one = await request(backend.server)
      .get(`${api}/repos/${ORPHAN}`)
      .set(auth(ADA));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      repo: ORPHAN,
      defaultBranch: 'main',
      cloneUrl: `https://git.trinity.example/${ORPHAN}.git`,
    });
    expect(one.body.files).toContain('README.md');
    expect(one.body.pullRequests.map((p: PullRequest) => p.id)).toContain(
      prs.orphan.id,
    );

    const all = await request(backend.server)
      .get(`${api}/repos`)
      .set(auth(ADA));
    expect(all.body.items.map((r: { repo: string }) => r.repo)).toEqual([
      INFRA,
      WALLET,
      STOREFRONT,
      ORPHAN,
    ]);
  });

  it("reads a product's repository and the infra repo for every signed-in user", async () => {
    const infra = await request(backend.server)
      .get(`${api}/repos/${INFRA}`)
      .set(auth(KOFI));
    expect(infra.status).toBe(200);
    expect(infra.body.files).toEqual(
      expect.arrayContaining(['README.md', 'tenants/.keep']),
    );

    const wallet = await request(backend.server)
      .get(`${api}/repos/${WALLET}`)
      .set(auth(KOFI));
    expect(wallet.status).toBe(200);
    expect(wallet.body.pullRequests.map((p: PullRequest) => p.id)).toEqual([
      prs.wallet.id,
    ]);

    const missing = await request(backend.server)
      .get(`${api}/repos/team-x/nothing`)
      .set(auth(ADA));
    expect(missing.status).toBe(404);
  });

  it('lists only the pull requests of repositories the user may read', async () => {
    const guest = await request(backend.server)
      .get(`${api}/pulls`)
      .set(auth(GUEST));
    expect(guest.status).toBe(200);
    const guestRepos: string[] = guest.body.items.map(
      (p: PullRequest) => p.repo,
    );
    expect(guestRepos).not.toContain(ORPHAN);
    expect(new Set(guestRepos)).toEqual(new Set([INFRA, STOREFRONT, WALLET]));
    expect(guest.body.items.map((p: PullRequest) => p.id)).not.toContain(
      prs.orphan.id,
    );

    const filtered = await request(backend.server)
      .get(`${api}/pulls`)
      .query({ repo: ORPHAN })
      .set(auth(GUEST));
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toEqual([]);

    const admin = await request(backend.server)
      .get(`${api}/pulls`)
      .set(auth(ADA));
    expect(admin.body.items.map((p: PullRequest) => p.id)).toContain(
      prs.orphan.id,
    );

    // One readable request, with its diff (one never merged: a merged
    // request's diff against its base is empty).
    const one = await request(backend.server)
      .get(`${api}/pulls/${prs.storefrontRefused.id}`)
      .set(auth(KOFI));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: prs.storefrontRefused.id,
      repo: STOREFRONT,
    });
    expect(one.body.diff).toContain('+One-click checkout');
  });

  it('answers 404 for an unknown pull request', async () => {
    const get = await request(backend.server)
      .get(`${api}/pulls/9999`)
      .set(auth(ADA));
    expect(get.status).toBe(404);

    const notANumber = await request(backend.server)
      .get(`${api}/pulls/abc`)
      .set(auth(ADA));
    expect(notANumber.status).toBe(404);

    const post = await merge(9999, ADA);
    expect(post.status).toBe(404);
  });

  it('answers 409 for merging a pull request already merged', async () => {
    const pr = prs.wallet;
    const first = await merge(pr.id, KOFI);
    expect(first.status).toBe(200);
    expect(await forge.readFile(WALLET, 'refunds.txt')).toBe('Refunds\n');

    const again = await merge(pr.id, KOFI);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is merged, not open');

    expect(audits.map(a => a.result?.status)).toEqual(['succeeded', 'failed']);
    expect(audits[1].result?.error).toMatchObject({ name: 'ConflictError' });
  });

  it('answers 401 to a request without credentials', async () => {
    const repos = await request(backend.server).get(`${api}/repos`);
    expect(repos.status).toBe(401);

    const repo = await request(backend.server).get(`${api}/repos/${INFRA}`);
    expect(repo.status).toBe(401);

    const pulls = await request(backend.server).get(`${api}/pulls`);
    expect(pulls.status).toBe(401);

    const pr = prs.storefrontRefused;
    const post = await merge(pr.id);
    expect(post.status).toBe(401);
    expect(
      (await forge.listPullRequests(STOREFRONT)).find(p => p.id === pr.id)
        ?.state,
    ).toBe('open');
    expect(audits).toEqual([]);
  });
});
