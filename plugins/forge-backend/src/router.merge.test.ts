/*
 * The forge router's merges: who may merge which pull request (a product's
 * by its owner group's members and platform admins, the infra repo's and a
 * repository of no product's by another admin than its author), what is
 * audited and published, and a merge of a merged request. The backend, the
 * forge and its pull requests: __testUtils__/forgeBackend.ts.
 */
import { FORGE_REPO_CHANGED_TOPIC } from '@internal/plugin-forge-node';
import {
  forgeRouterTest,
  INFRA,
  ORPHAN,
  STOREFRONT,
  WALLET,
} from './__testUtils__/forgeBackend';
import { ADA, AMARA, GUEST, KOFI } from './__testUtils__/grants';

jest.setTimeout(60_000);

const { forge, prs, merge, audits, permissionRequests, published } =
  forgeRouterTest();

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
});
