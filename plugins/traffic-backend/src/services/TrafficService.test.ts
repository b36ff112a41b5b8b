/*
 * TrafficService on its own, with a clock the test moves: drains that
 * expire, and an automatic restore the rules refuse. The store runs on an
 * in-memory SQLite with the plugin's migrations; the provider is an
 * in-memory one holding weights as a real one holds records.
 */
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ClusterSignals } from '@internal/plugin-traffic-common';
import { TrafficProvider } from '@internal/plugin-traffic-node';
import { Product } from './ProductBindings';
import { TrafficService } from './TrafficService';
import { TrafficStore } from './TrafficStore';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    tags: ['tier-1'],
    annotations: { 'trinity.io/entry-point': 'shop.trinity.example' },
  },
  spec: { owner: 'group:default/team-shop' },
};

/** The shop as the infra repo binds it (ProductBindings' answer). */
const product: Product = {
  entity,
  binding: {
    entityRef: 'system:default/shop',
    tenant: {
      type: 'tenant',
      owner: 'group:default/team-shop',
      system: 'system:default/shop',
      namespace: 'shop',
      clusters: ['a', 'b', 'c'],
      path: 'tenants/shop',
    },
    entryPoint: {
      name: 'shop.trinity.example',
      provider: 'powerdns',
      targets: ['a', 'b', 'c'].map((cluster, i) => ({
        cluster,
        target: `10.0.0.${i + 1}`,
      })),
      tier: 'tier-1',
    },
  },
};

const never = () => new Promise<never>(() => {});

/**
 * A provider whose records are its weights. `stall` makes its next write
 * hang: after taking the change ('after-write', reads still answer), or
 * before, as a provider that stopped answering ('before-write': reads hang
 * too until `recover`).
 */
function memoryProvider(): TrafficProvider & {
  weights: Record<string, number>;
  stall?: 'after-write' | 'before-write';
  recover(): void;
} {
  const p = {
    id: 'memory',
    weights: { a: 1, b: 1, c: 1 } as Record<string, number>,
    stall: undefined as undefined | 'after-write' | 'before-write',
    down: false,
    recover() {
      p.stall = undefined;
      p.down = false;
    },
    async read() {
      if (p.down) return never();
      return {
        records: [
          {
            name: 'shop',
            type: 'memory',
            content: [JSON.stringify(p.weights)],
          },
        ],
        weights: { ...p.weights },
        health: {
          a: { status: 'healthy' as const },
          b: { status: 'healthy' as const },
          c: { status: 'healthy' as const },
        },
      };
    },
    plan(_e: unknown, _r: unknown, w: Record<string, number>) {
      return [{ name: 'shop', type: 'memory', content: [JSON.stringify(w)] }];
    },
    async write(_e: unknown, _r: unknown, w: Record<string, number>) {
      if (p.stall === 'before-write') {
        p.down = true;
        return never();
      }
      p.weights = { ...w };
      if (p.stall === 'after-write') return never();
      return {};
    },
  };
  return p as any;
}

const fine: ClusterSignals = {
  health: 'healthy',
  pageBurn: false,
  headroom: true,
};

describe('TrafficService drains', () => {
  let db: Knex;
  let now: Date;
  let signals: Record<string, ClusterSignals>;
  let provider: ReturnType<typeof memoryProvider>;
  let service: TrafficService;

  beforeEach(async () => {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await db.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    now = new Date('2026-11-22T12:00:00Z');
    signals = { a: fine, b: fine, c: fine };
    provider = memoryProvider();
    service = new TrafficService({
      store: new TrafficStore(db),
      // Registered under a real provider id; it holds weights in memory.
      providers: new Map([['powerdns', provider]]),
      fleet: { forEntity: async () => signals },
      logger: mockServices.logger.mock(),
      cooldownMs: 120_000,
      providerTimeoutMs: 50,
      settleAfterMs: 60_000,
      now: () => now,
    });
  });
  afterEach(() => db.destroy());

  const pendingCount = async () =>
    (await db('traffic_actions').where({ outcome: 'pending' })).length;

  const drainB = () =>
    service.apply(
      product,
      {
        kind: 'drain',
        cluster: 'b',
        reason: 'maintenance',
        expiresInMinutes: 15,
      },
      { actor: 'user:default/guest', idempotencyKey: 'drain-b-0001' },
    );

  it('restores an expired drain as trinity:expiry, not before it expires', async () => {
    await drainB();
    expect(provider.weights).toEqual({ a: 1, b: 0, c: 1 });
    now = new Date(now.getTime() + 14 * 60_000);
    expect(await service.expireDue(async () => product)).toBe(0);
    expect(provider.weights.b).toBe(0);

    // Past the expiry and within the cooldown of nothing else: restored.
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await service.expireDue(async () => product)).toBe(1);
    expect(provider.weights).toEqual({ a: 1, b: 1, c: 1 });
    const view = await service.view(product, { allowed: true });
    expect(view.drains).toEqual([]);
    expect(view.history[0]).toMatchObject({
      kind: 'restore',
      cluster: 'b',
      actor: 'trinity:expiry',
      reason: 'drain expired (drained by user:default/guest: maintenance)',
      outcome: 'applied',
    });
  });

  it('keeps a drain whose automatic restore the rules refuse, and stops retrying it', async () => {
    await drainB();
    // b is dead in the fleet view when its drain expires.
    signals = {
      ...signals,
      b: { ...fine, health: 'unknown', healthDetail: 'no answer' },
    };
    now = new Date(now.getTime() + 16 * 60_000);
    expect(await service.expireDue(async () => product)).toBe(0);
    expect(provider.weights.b).toBe(0);
    const view = await service.view(product, { allowed: true });
    expect(view.drains).toHaveLength(1);
    expect(view.drains[0].expiresAt).toBeUndefined();
    expect(view.history[0]).toMatchObject({
      actor: 'trinity:expiry',
      outcome: 'refused',
      error: expect.stringMatching(
        /Every receiving cluster is healthy — not positively healthy: b: unknown \(no answer\)/,
      ),
    });
    // Not retried on the next tick.
    now = new Date(now.getTime() + 60_000);
    expect(await service.expireDue(async () => product)).toBe(0);
    expect(
      (await service.view(product, { allowed: true })).history,
    ).toHaveLength(2);
  });

  it('records a write the provider took but did not confirm in time as applied', async () => {
    provider.stall = 'after-write';
    const result = await drainB();
    expect(result.outcome).toBe('applied');
    expect(result.entry.error).toMatch(
      /powerdns did not take the change: no answer within 0.05 s; its records show the change was taken/,
    );
    provider.recover();
    const view = await service.view(product, { allowed: true });
    expect(view.drains).toHaveLength(1);
    expect(view.history.map(h => h.outcome)).toEqual(['applied']);
  });

  it('keeps a change the provider never answered pending, holds the entry point, then settles it from the records', async () => {
    provider.stall = 'before-write';
    const result = await drainB();
    expect(result.outcome).toBe('pending');
    expect(result.entry.error).toMatch(
      /whether it took the change is not known yet/,
    );
    expect(await pendingCount()).toBe(1);

    // Another change meanwhile: refused as a change in progress, nothing written.
    provider.recover();
    await expect(
      service.apply(
        product,
        { kind: 'drain', cluster: 'c', reason: 'second operator' },
        { actor: 'user:default/other' },
      ),
    ).rejects.toThrow(
      /has a change in progress \(drain b by user:default\/guest, 0 s ago\)/,
    );
    expect(provider.weights).toEqual({ a: 1, b: 1, c: 1 });

    // Past the settle time the sweep reads the records: b still has weight,
    // so the change was not taken, and its idempotency key is free again.
    now = new Date(now.getTime() + 61_000);
    expect(await service.settleStale(async () => product)).toBe(1);
    expect(await pendingCount()).toBe(0);
    const retried = await drainB();
    expect(retried).toMatchObject({ outcome: 'applied', replayed: false });
    expect(provider.weights).toEqual({ a: 1, b: 0, c: 1 });
    const view = await service.view(product, { allowed: true });
    // The conflict and the settled drain share a clock tick; order aside:
    expect(view.history[0]).toMatchObject({
      kind: 'drain',
      outcome: 'applied',
    });
    expect(view.history.map(h => h.outcome).sort()).toEqual([
      'applied',
      'conflict',
      'failed',
    ]);
    expect(view.history.find(h => h.outcome === 'failed')?.error).toMatch(
      /stopped before the provider confirmed it/,
    );
  });

  it('settles the change of a replica that stopped after its provider write as applied, once', async () => {
    // What a replica killed between the write and its settlement leaves.
    provider.stall = 'after-write';
    await service.apply(
      product,
      { kind: 'drain', cluster: 'b', reason: 'maintenance' },
      { actor: 'user:default/guest', idempotencyKey: 'drain-b-0002' },
    );
    await db('traffic_actions').update({ outcome: 'pending', closed_by: null });
    provider.recover();

    // The operator's retry with the same key, too early: in progress.
    const retry = () =>
      service.apply(
        product,
        { kind: 'drain', cluster: 'b', reason: 'maintenance' },
        { actor: 'user:default/guest', idempotencyKey: 'drain-b-0002' },
      );
    await expect(retry()).rejects.toThrow(/has a change in progress/);
    now = new Date(now.getTime() + 61_000);
    // Later: the retry settles it from the records and replays it.
    expect(await retry()).toMatchObject({ outcome: 'applied', replayed: true });
    expect(await service.settleStale(async () => product)).toBe(0);
    const view = await service.view(product, { allowed: true });
    expect(view.drains).toHaveLength(1);
    expect(
      view.history.filter(h => h.outcome === 'applied').map(h => h.kind),
    ).toEqual(['drain']);
  });

  it('answers a provider that is down as a failed outcome, recorded, with nothing written', async () => {
    provider.stall = 'before-write';
    provider.read = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:8081');
    };
    const result = await drainB();
    expect(result).toMatchObject({
      outcome: 'failed',
      entry: {
        error: 'powerdns did not answer: connection refused',
      },
    });
    expect(await pendingCount()).toBe(0);
    expect(provider.weights).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('keeps the expiry of a drain whose restore the provider failed, and restores it on a later tick', async () => {
    await drainB();
    now = new Date(now.getTime() + 16 * 60_000);
    const read = provider.read;
    provider.read = async () => {
      throw new Error('HTTP 503');
    };
    expect(await service.expireDue(async () => product)).toBe(0);
    provider.read = read;
    const view = await service.view(product, { allowed: true });
    expect(view.drains[0].expiresAt).toBeDefined();
    expect(view.history[0]).toMatchObject({
      actor: 'trinity:expiry',
      outcome: 'failed',
      error: 'powerdns did not answer: HTTP 503',
    });
    expect(await service.expireDue(async () => product)).toBe(1);
    expect(provider.weights).toEqual({ a: 1, b: 1, c: 1 });
  });
});
