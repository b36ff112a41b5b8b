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
import { TrafficService } from './TrafficService';
import { TrafficStore } from './TrafficStore';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    tags: ['tier-1'],
    annotations: {
      'trinity.io/entry-point': 'shop.trinity.example',
      'trinity.io/entry-point-provider': 'powerdns',
      'trinity.io/entry-point-targets': 'a=10.0.0.1,b=10.0.0.2,c=10.0.0.3',
    },
  },
};

/** A provider whose records are its weights. */
function memoryProvider(): TrafficProvider & {
  weights: Record<string, number>;
} {
  const p = {
    id: 'memory',
    weights: { a: 1, b: 1, c: 1 } as Record<string, number>,
    async read() {
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
      p.weights = { ...w };
      return {};
    },
  };
  return p as any;
}

const fine: ClusterSignals = {
  answered: true,
  worst: 'ok',
  pageBurn: false,
  headroom: true,
};

describe('TrafficService drain expiry', () => {
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
      now: () => now,
    });
  });
  afterEach(() => db.destroy());

  const drainB = () =>
    service.apply(
      entity,
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
    expect(await service.expireDue(async () => entity)).toBe(0);
    expect(provider.weights.b).toBe(0);

    // Past the expiry and within the cooldown of nothing else: restored.
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await service.expireDue(async () => entity)).toBe(1);
    expect(provider.weights).toEqual({ a: 1, b: 1, c: 1 });
    const view = await service.view(entity, { allowed: true });
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
    signals = { ...signals, b: { ...fine, answered: false, worst: 'unknown' } };
    now = new Date(now.getTime() + 16 * 60_000);
    expect(await service.expireDue(async () => entity)).toBe(0);
    expect(provider.weights.b).toBe(0);
    const view = await service.view(entity, { allowed: true });
    expect(view.drains).toHaveLength(1);
    expect(view.drains[0].expiresAt).toBeUndefined();
    expect(view.history[0]).toMatchObject({
      actor: 'trinity:expiry',
      outcome: 'refused',
      error: expect.stringMatching(
        /Every receiving cluster is healthy — b is not healthy/,
      ),
    });
    // Not retried on the next tick.
    now = new Date(now.getTime() + 60_000);
    expect(await service.expireDue(async () => entity)).toBe(0);
    expect(
      (await service.view(entity, { allowed: true })).history,
    ).toHaveLength(2);
  });
});
