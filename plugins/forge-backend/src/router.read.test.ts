/*
 * The forge router's reads: which repositories and pull requests a user
 * sees (a repository of no product only by admins), unknown pull requests,
 * and requests without credentials. The backend, the forge and its pull
 * requests: __testUtils__/forgeBackend.ts.
 */
import request from 'supertest';
import { PullRequest } from '@internal/plugin-forge-node';
import {
  api,
  auth,
  forgeRouterTest,
  INFRA,
  ORPHAN,
  STOREFRONT,
  WALLET,
} from './__testUtils__/forgeBackend';
import { ADA, GUEST, KOFI } from './__testUtils__/grants';

jest.setTimeout(60_000);

const { backend, forge, prs, merge, audits } = forgeRouterTest();

describe('createForgeRouter', () => {
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

  it('reads one file of a repository the user may read, and nothing else', async () => {
    const file = await request(backend.server)
      .get(`${api}/repos/${INFRA}/file`)
      .query({ path: 'README.md' })
      .set(auth(KOFI));
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      repo: INFRA,
      path: 'README.md',
      branch: 'main',
    });
    expect(file.body.content).toBe(await forge.readFile(INFRA, 'README.md'));

    // A repository of no product: not found for a non-admin, as the repo is.
    const hidden = await request(backend.server)
      .get(`${api}/repos/${ORPHAN}/file`)
      .query({ path: 'README.md' })
      .set(auth(GUEST));
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(`no repository ${ORPHAN}`);

    const missing = await request(backend.server)
      .get(`${api}/repos/${INFRA}/file`)
      .query({ path: 'nope.md' })
      .set(auth(KOFI));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      `nope.md is not on main of ${INFRA}`,
    );

    const escape = await request(backend.server)
      .get(`${api}/repos/${INFRA}/file`)
      .query({ path: 'tenants/../../etc/passwd' })
      .set(auth(KOFI));
    expect(escape.status).toBe(400);

    const none = await request(backend.server)
      .get(`${api}/repos/${INFRA}/file`)
      .set(auth(KOFI));
    expect(none.status).toBe(400);
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
