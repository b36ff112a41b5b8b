/*
 * The governed release actions against a real local forge (bare Git
 * repositories, the embedded default's) holding storefront's tenant files
 * as the infra repo has them, and the plugin's store on in-memory SQLite
 * with its migrations. Argo CD is a fake of ProductApps answering with
 * Applications in Argo CD's shape (status.sync, status.health,
 * status.summary.images) and Rollout actions as Argo CD's own discovery
 * (resource_customizations/argoproj.io/Rollout/actions/discovery.lua)
 * offers them; the HTTP side and the demo fleet are in plugin.release.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { execFileSync } from 'node:child_process';
import { ConflictError, InputError } from '@backstage/errors';
import { LocalForge } from '@internal/plugin-forge-node';
import { ArgoCdApplication } from '@internal/plugin-platform-node';
import { infraForge } from '../../__testUtils__/infra';
import { Product } from '../ProductBindings';
import { ProductApps } from '../productApps';
import { TrafficStore } from '../TrafficStore';
import { ReleaseService } from './ReleaseService';

const INFRA = 'platform/infra';
const clusters = [
  'aws-use1-prod-01',
  'gcp-euw1-prod-01',
  'azure-eastus-prod-01',
];
const ringOf: Record<string, string> = {
  'gcp-euw1-prod-01': 'ring-0',
  'aws-use1-prod-01': 'ring-1',
  'azure-eastus-prod-01': 'ring-2',
};
const IMAGE = 'registry.trinity.example/team-storefront/storefront-api';

const product: Product = {
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront', namespace: 'default' },
    spec: { owner: 'group:default/team-storefront' },
  },
  binding: {
    entityRef: 'system:default/storefront',
    tenant: {
      type: 'tenant',
      owner: 'group:default/team-storefront',
      system: 'system:default/storefront',
      namespace: 'storefront',
      clusters,
      argocd: {
        project: 'team-storefront',
        selector: 'app.kubernetes.io/part-of=storefront',
      },
      path: 'tenants/storefront',
    },
  },
};

type AppState = { sync: string; health: string; tag: string };

/** An Argo CD Application of a storefront service on a cluster, in Argo CD's shape. */
function application(service: string, cluster: string, state: AppState) {
  return {
    metadata: {
      name: `${service}-${cluster}`,
      labels: {
        'app.kubernetes.io/part-of': 'storefront',
        'app.kubernetes.io/name': service,
        'trinity.io/upgrade-ring': ringOf[cluster],
      },
    },
    spec: { project: 'team-storefront' },
    status: {
      sync: { status: state.sync, revision: 'a1b2c3d' },
      health: { status: state.health },
      summary: {
        images: [
          `registry.trinity.example/team-storefront/${service}:${state.tag}`,
        ],
      },
    },
  } satisfies ArgoCdApplication;
}

/**
 * ProductApps as Argo CD answers: each cluster's applications from `state`,
 * and the Rollout's abort offered while its canary runs (not fully
 * promoted, not aborted), as Argo CD's discovery.lua decides.
 */
function fakeArgoCd(state: Record<string, AppState>) {
  const ran: Array<{
    app: string;
    resource: object;
    action: string;
    token: string;
  }> = [];
  const aborted = new Set<string>();
  const apps = {
    ran,
    async registered(names: string[]) {
      return new Map(
        names.map(name => [name, { name, upgradeRing: ringOf[name] } as any]),
      );
    },
    async target(cluster: string, access: 'read' | 'write') {
      return { url: `http://argocd.${cluster}`, uiUrl: '', token: access };
    },
    async apps(_product: Product, cluster: string) {
      if (state[cluster]?.sync === 'unreachable') {
        throw new Error(`${cluster}'s Argo CD did not answer`);
      }
      return ['storefront-api', 'storefront-web'].map(service =>
        application(service, cluster, state[cluster]),
      );
    },
    argocd: {
      async resourceActions(target: { url: string }, app: string) {
        const cluster = target.url.replace('http://argocd.', '');
        const canary = state[cluster].health === 'Progressing';
        return [
          { name: 'restart', disabled: false },
          { name: 'resume', disabled: true },
          { name: 'abort', disabled: !canary || aborted.has(app) },
          { name: 'retry', disabled: !canary || !aborted.has(app) },
          { name: 'promote-full', disabled: !canary },
        ];
      },
      async runResourceAction(
        target: { token: string },
        app: string,
        resource: object,
        action: string,
      ) {
        ran.push({ app, resource, action, token: target.token });
        if (action === 'abort') aborted.add(app);
      },
    },
  };
  return apps;
}

const healthy = (tag: string): AppState => ({
  sync: 'Synced',
  health: 'Healthy',
  tag,
});

jest.setTimeout(30_000);

describe('ReleaseService', () => {
  let dir: string;
  let forge: LocalForge;
  let db: Knex;
  let store: TrafficStore;
  let audits: Array<{ meta: any; result?: string; error?: string }>;

  const ctx = (idempotencyKey = `key-${Math.random()}`) => ({
    actor: 'user:default/guest',
    idempotencyKey,
    requestHash: 'hash',
    audit: async (meta: any) => {
      const event: (typeof audits)[number] = { meta };
      audits.push(event);
      return {
        success: async () => {
          event.result = 'succeeded';
        },
        fail: async ({ error }: { error: Error }) => {
          event.result = 'failed';
          event.error = error.message;
        },
      } as any;
    },
  });

  const service = (state: Record<string, AppState>) => {
    const argocd = fakeArgoCd(state);
    return {
      argocd,
      releases: new ReleaseService({
        forge,
        infraRepo: INFRA,
        apps: argocd as unknown as ProductApps,
        store,
      }),
    };
  };

  /** The file on the infra repo's branch, as Git has it. */
  const fileOn = (branch: string, file: string) =>
    execFileSync(
      'git',
      [
        '--git-dir',
        path.join(dir, 'forge', `${INFRA}.git`),
        'show',
        `${branch}:${file}`,
      ],
      { encoding: 'utf8' },
    );

  beforeEach(async () => {
    // storefront's tenant files as the infra repo holds them, with a new
    // version (0.2.0) released to ring-0.
    ({ forge, dir } = await infraForge(tenant => {
      const api = path.join(tenant, 'services/storefront-api.yaml');
      fs.writeFileSync(
        api,
        fs
          .readFileSync(api, 'utf8')
          .replace("ring-0: '0.1.0'", "ring-0: '0.2.0'"),
      );
    }));
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await db.migrate.latest({
      directory: path.resolve(__dirname, '../../../migrations'),
    });
    store = new TrafficStore(db);
    audits = [];
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ring0Released = {
    'gcp-euw1-prod-01': healthy('0.2.0'),
    'aws-use1-prod-01': healthy('0.1.0'),
    'azure-eastus-prod-01': healthy('0.1.0'),
  };

  it("shows each ring's tag, what Argo CD reports on its clusters, and the next promotion", async () => {
    const { releases } = service(ring0Released);
    const view = await releases.view(product, { allowed: true });
    expect(view.paused).toBe(false);
    expect(view.problems).toEqual([]);
    const api = view.services.find(
      found => found.service === 'storefront-api',
    )!;
    expect(api.image).toBe(IMAGE);
    expect(api.rings.map(ring => [ring.ring, ring.tag])).toEqual([
      ['ring-0', '0.2.0'],
      ['ring-1', '0.1.0'],
      ['ring-2', '0.1.0'],
    ]);
    expect(api.rings[0].clusters).toEqual([
      expect.objectContaining({
        cluster: 'gcp-euw1-prod-01',
        sync: 'Synced',
        health: 'Healthy',
        runsTag: true,
        abortable: false,
      }),
    ]);
    expect(api.promotion).toEqual({
      from: 'ring-0',
      to: 'ring-1',
      tag: '0.2.0',
      ready: true,
      reason: expect.stringMatching(/ring-0 runs 0.2.0, Synced and Healthy/),
    });
    // Every ring on one tag: nothing to promote.
    const web = view.services.find(
      found => found.service === 'storefront-web',
    )!;
    expect(web.promotion).toBeUndefined();
  });

  it('promotes: a pull request on the infra repo sets only the next ring, audited and in the history', async () => {
    const { releases } = service(ring0Released);
    const result = await releases.promote(
      product,
      {
        service: 'storefront-api',
        ring: 'ring-1',
        reason: 'canary passed on gcp',
      },
      ctx(),
    );
    expect(result.outcome).toBe('applied');
    expect(result.entry).toMatchObject({
      kind: 'promote',
      actor: 'user:default/guest',
      reason: 'canary passed on gcp',
      pullRequestUrl: expect.stringMatching(
        /^http:\/\/portal.test\/forge\/platform\/infra\/pulls\/\d+$/,
      ),
    });
    const [pr] = await forge.listPullRequests(INFRA);
    expect(pr).toMatchObject({
      branch: 'promote/storefront-api-ring-1',
      title: 'Promote storefront-api 0.2.0 to ring-1',
      files: ['tenants/storefront/services/storefront-api.yaml'],
      state: 'open',
    });
    const file = fileOn(
      pr.branch,
      'tenants/storefront/services/storefront-api.yaml',
    );
    // One line changed, quoted as the templates write tags, comments kept.
    expect(file).toContain(
      "ring-0: '0.2.0'\n  ring-1: '0.2.0'\n  ring-2: '0.1.0'",
    );
    expect(file).toContain('# The version each upgrade ring runs.');
    expect(audits).toEqual([
      expect.objectContaining({
        meta: expect.objectContaining({
          service: 'storefront-api',
          ring: 'ring-1',
        }),
        result: 'succeeded',
      }),
    ]);
    // The view lists the open pull request.
    const view = await releases.view(product, { allowed: true });
    expect(view.pullRequests).toEqual([
      { url: pr.url, title: pr.title, branch: pr.branch },
    ]);
  });

  it('says which cluster no release reaches (its registry ring is not one the files name)', async () => {
    const { releases, argocd } = service(ring0Released);
    argocd.registered = async (names: string[]) =>
      new Map(
        names.map(name => [
          name,
          {
            name,
            upgradeRing:
              name === 'azure-eastus-prod-01' ? 'unknown' : ringOf[name],
          } as any,
        ]),
      );
    const view = await releases.view(product, { allowed: true });
    expect(view.problems).toEqual([
      "azure-eastus-prod-01 is in no upgrade ring the service files name (its registry entry's upgradeRing), so no release reaches it",
    ]);
    expect(view.services[0].rings[2].clusters).toEqual([]);
  });

  it('a retry with the same key is a replay: one pull request', async () => {
    const { releases } = service(ring0Released);
    const request = { service: 'storefront-api', ring: 'ring-1', reason: 'go' };
    const key = ctx('same-key-1');
    const first = await releases.promote(product, request, key);
    const again = await releases.promote(product, request, key);
    expect(again).toMatchObject({
      replayed: true,
      entry: { id: first.entry.id },
    });
    expect(await forge.listPullRequests(INFRA)).toHaveLength(1);
  });

  it('refuses while the previous ring is not Synced and Healthy on the tag, and says why per cluster', async () => {
    const { releases } = service({
      ...ring0Released,
      'gcp-euw1-prod-01': {
        sync: 'Synced',
        health: 'Progressing',
        tag: '0.1.0',
      },
    });
    const view = await releases.view(product, { allowed: true });
    const api = view.services.find(
      found => found.service === 'storefront-api',
    )!;
    expect(api.promotion).toMatchObject({ ready: false });
    expect(api.promotion!.reason).toBe(
      'storefront-api on ring-0 is not yet Synced and Healthy on 0.2.0 (gcp-euw1-prod-01: Progressing, not on 0.2.0)',
    );
    // The canary in progress can be aborted there.
    expect(api.rings[0].clusters[0].abortable).toBe(true);

    const refused = releases.promote(
      product,
      { service: 'storefront-api', ring: 'ring-1', reason: 'impatient' },
      ctx(),
    );
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(/ring-1 waits/);
    expect(await forge.listPullRequests(INFRA)).toEqual([]);
    const [entry] = await store.history('system:default/storefront', 5);
    expect(entry).toMatchObject({ kind: 'promote', outcome: 'conflict' });
    expect(audits.at(-1)).toMatchObject({ result: 'failed' });
  });

  it('refuses when a cluster of the previous ring cannot be read: unknown is not healthy', async () => {
    const { releases } = service({
      ...ring0Released,
      'gcp-euw1-prod-01': { ...healthy('0.2.0'), sync: 'unreachable' },
    });
    await expect(
      releases.promote(
        product,
        { service: 'storefront-api', ring: 'ring-1', reason: 'go' },
        ctx(),
      ),
    ).rejects.toThrow(
      /gcp-euw1-prod-01: gcp-euw1-prod-01's Argo CD did not answer/,
    );
  });

  it('refuses bad input with a clear error and records nothing', async () => {
    const { releases } = service(ring0Released);
    for (const [request, message] of [
      [
        { service: '../../platform', ring: 'ring-1', reason: 'x' },
        /not a service name/,
      ],
      [
        { service: 'billing-api', ring: 'ring-1', reason: 'x' },
        /not one of system:default\/storefront's services/,
      ],
      [
        { service: 'storefront-api', ring: 'ring-9', reason: 'x' },
        /has no ring-9/,
      ],
      [
        { service: 'storefront-api', ring: 'ring-0', reason: 'x' },
        /first ring/,
      ],
      [
        { service: 'storefront-api', ring: 'ring-1', reason: '  ' },
        /reason is required/,
      ],
    ] as const) {
      await expect(releases.promote(product, request, ctx())).rejects.toThrow(
        message,
      );
    }
    await expect(
      releases.promote(
        product,
        { service: 'storefront-api', ring: 'ring-1', reason: 'x' },
        ctx(),
      ),
    ).resolves.toBeDefined();
    const history = await store.history('system:default/storefront', 10);
    expect(history.map(entry => entry.outcome)).toEqual(['applied']);
    expect([...new Set(audits.map(audit => audit.result))].sort()).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it('pauses promotions by pull request; promotion waits once it is merged', async () => {
    const { releases } = service(ring0Released);
    const paused = await releases.setPromotions(
      product,
      { paused: true, reason: 'holiday freeze' },
      ctx(),
    );
    expect(paused.entry).toMatchObject({ kind: 'promotions-pause' });
    const [pr] = await forge.listPullRequests(INFRA);
    expect(pr).toMatchObject({
      branch: 'promotions/storefront',
      title: 'Pause promotions of storefront',
      files: ['tenants/storefront/promotions.yaml'],
    });
    expect(fileOn(pr.branch, 'tenants/storefront/promotions.yaml')).toMatch(
      /^# Promotions of storefront[\s\S]*\npaused: true\n$/,
    );
    await forge.mergePullRequest(pr.id, {
      name: 'amara',
      email: 'amara@users.noreply.invalid',
    });
    const later = service(ring0Released).releases;
    expect((await later.view(product, { allowed: true })).paused).toBe(true);
    await expect(
      later.promote(
        product,
        { service: 'storefront-api', ring: 'ring-1', reason: 'go' },
        ctx(),
      ),
    ).rejects.toThrow(
      /promotions of storefront are paused \(tenants\/storefront\/promotions.yaml\); resume them first/,
    );
    await expect(
      later.setPromotions(product, { paused: true, reason: 'again' }, ctx()),
    ).rejects.toThrow(/already paused/);
  });

  it("aborts a canary through Argo CD's Rollout action with the write token; nothing to abort is a conflict", async () => {
    const { releases, argocd } = service({
      ...ring0Released,
      'gcp-euw1-prod-01': {
        sync: 'Synced',
        health: 'Progressing',
        tag: '0.1.0',
      },
    });
    const result = await releases.abort(
      product,
      {
        service: 'storefront-api',
        cluster: 'gcp-euw1-prod-01',
        reason: 'errors on checkout',
      },
      ctx(),
    );
    expect(result.entry).toMatchObject({
      kind: 'rollout-abort',
      cluster: 'gcp-euw1-prod-01',
    });
    expect(argocd.ran).toEqual([
      {
        app: 'storefront-api-gcp-euw1-prod-01',
        resource: {
          namespace: 'storefront',
          resourceName: 'storefront-api',
          group: 'argoproj.io',
          version: 'v1alpha1',
          kind: 'Rollout',
        },
        action: 'abort',
        token: 'write',
      },
    ]);
    // Already aborted: Argo CD offers no abort, and nothing runs again.
    await expect(
      releases.abort(
        product,
        {
          service: 'storefront-api',
          cluster: 'gcp-euw1-prod-01',
          reason: 'again',
        },
        ctx(),
      ),
    ).rejects.toThrow(ConflictError);
    // Fully promoted: nothing to abort.
    await expect(
      releases.abort(
        product,
        { service: 'storefront-api', cluster: 'aws-use1-prod-01', reason: 'x' },
        ctx(),
      ),
    ).rejects.toThrow(
      /nothing to abort: storefront-api on aws-use1-prod-01 is fully promoted/,
    );
    // Not the product's cluster: bad input.
    await expect(
      releases.abort(
        product,
        { service: 'storefront-api', cluster: 'aws-usw2-prod-09', reason: 'x' },
        ctx(),
      ),
    ).rejects.toThrow(InputError);
    expect(argocd.ran).toHaveLength(1);
  });
});
