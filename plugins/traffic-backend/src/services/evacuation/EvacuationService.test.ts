/*
 * The evacuation run on its own: the store on an in-memory SQLite with the
 * plugin's migrations, a clock the test moves, and traffic actions that
 * keep weights in memory and replay an idempotency key as the traffic
 * service does. What the integration test on real PowerDNS cannot stage
 * reliably is here: two runs of one cluster at once, a replica that dies
 * mid-run, and a refusal that stops the run until it is resumed.
 */
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  ActionResult,
  EvacuationRun,
  EvacuationStep,
} from '@internal/plugin-traffic-common';
import { SafetyRefusedError } from '../safetyGate';
import { ChangeInProgressError } from '../settlement';
import { EvacuationService, TrafficActions } from './EvacuationService';
import { EvacuationStore } from './EvacuationStore';

const entries = ['a.example', 'b.example', 'c.example'];

/** Weights per entry point, applied once per idempotency key. */
function memoryTraffic() {
  const weights = new Map(
    entries.map(e => [
      e,
      { aws: 1, gcp: 1, azure: 1 } as Record<string, number>,
    ]),
  );
  const writes: string[] = [];
  const byKey = new Map<string, ActionResult>();
  const hooks: { beforeReturn?: (entry: string) => Promise<void> } = {};
  const refuse = new Set<string>();
  /** Entry points with another change in progress, settling within the value (ms), once. */
  const inProgress = new Map<string, number>();
  const traffic: TrafficActions = {
    preview: async () => {
      throw new Error('not used');
    },
    current: async product => ({
      weights: { ...weights.get(product.entity.metadata.name)! },
      version: JSON.stringify(weights.get(product.entity.metadata.name)),
    }),
    async apply(product, request, ctx) {
      const entry = product.entity.metadata.name;
      const earlier = byKey.get(ctx.idempotencyKey!);
      if (earlier) return { ...earlier, replayed: true };
      if (inProgress.has(entry)) {
        const settlesWithinMs = inProgress.get(entry)!;
        inProgress.delete(entry);
        throw new ChangeInProgressError(
          `${entry} has a change in progress (drain gcp by user:default/guest, 1 s ago); try again when it is done`,
          settlesWithinMs,
        );
      }
      if (refuse.has(entry)) {
        throw new SafetyRefusedError([
          {
            id: 'min-healthy',
            title: 'At least 2 healthy serving clusters',
            status: 'fail',
            detail: '1 after',
            overridable: false,
          },
        ]);
      }
      const before = { ...weights.get(entry)! };
      const after =
        request.kind === 'drain'
          ? { ...before, [request.cluster]: 0 }
          : { ...request.weights };
      weights.set(entry, after);
      writes.push(entry);
      const result: ActionResult = {
        outcome: 'applied',
        replayed: false,
        entry: {
          id: `action-${writes.length}`,
          entryPoint: entry,
          kind: request.kind,
          actor: ctx.actor,
          reason: request.reason,
          outcome: 'applied',
          weightsBefore: before,
          weightsAfter: after,
          createdAt: new Date().toISOString(),
        },
      };
      byKey.set(ctx.idempotencyKey!, result);
      await hooks.beforeReturn?.(entry);
      return result;
    },
  };
  return { traffic, weights, writes, hooks, refuse, inProgress };
}

const step = (entry: string): EvacuationStep => ({
  id: `entry:${entry}`,
  kind: 'entry-point',
  title: `Drain gcp from ${entry}`,
  entityRef: `system:default/${entry}`,
  entryPoint: entry,
  status: 'pending',
});

describe('EvacuationService runs', () => {
  let db: Knex;
  let now: Date;
  let store: EvacuationStore;
  let memory: ReturnType<typeof memoryTraffic>;
  let told: any[];
  /** Auto-sync switched per product, in order: `paused`/`resumed`. */
  let switched: string[];
  /** The SLO verdict per product and cluster the fleet gives (default ok). */
  let slo: Record<string, Record<string, 'ok' | 'critical'>>;
  const service = () =>
    new EvacuationService({
      store,
      traffic: memory.traffic,
      autoSync: {
        toggle: async (product, request) => {
          switched.push(
            `${product.entity.metadata.name} ${
              request.paused ? 'paused' : 'resumed'
            }`,
          );
          return {} as any;
        },
      },
      fleet: {
        forEntity: async entity =>
          Object.fromEntries(
            ['aws', 'gcp', 'azure'].map(cluster => [
              cluster,
              {
                health: 'healthy',
                pageBurn: false,
                headroom: true,
                slo: slo[entity.metadata.name]?.[cluster] ?? 'ok',
              },
            ]),
          ),
      },
      catalog: {
        getEntityByRef: async (ref: string) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: ref.split('/')[1], namespace: 'default' },
          spec: { owner: `group:default/team-${ref.split('/')[1]}` },
        }),
      } as any,
      bindings: { of: async () => ({}) } as any,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      notify: async notification => void told.push(notification),
      leaseMs: 60_000,
      now: () => now,
    });
  const run = (overrides: Partial<EvacuationRun> = {}): EvacuationRun => ({
    id: EvacuationStore.newId(),
    cluster: 'gcp',
    mode: 'run',
    actor: 'user:default/otto',
    reason: 'gcp is down',
    continueOnRefusal: false,
    status: 'running',
    steps: [
      ...entries.map(step),
      { id: 'verify', kind: 'verify', title: 'Verify', status: 'pending' },
    ],
    createdAt: now.toISOString(),
    ...overrides,
  });

  beforeEach(async () => {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await db.migrate.latest({
      directory: path.resolve(__dirname, '../../../migrations'),
    });
    now = new Date('2026-12-05T12:00:00Z');
    store = new EvacuationStore(db);
    memory = memoryTraffic();
    told = [];
    switched = [];
    slo = {};
  });
  afterEach(() => db.destroy());

  it('lets one run hold a cluster at a time; a rehearsal is never in the way', async () => {
    const first = run();
    await store.create(first, now);
    await expect(store.create(run(), now)).rejects.toThrow(
      new ConflictError(
        `gcp is already being evacuated or returned (run ${first.id} by user:default/otto, since ${first.createdAt}); wait for it or resume it`,
      ),
    );
    await store.create(run({ mode: 'rehearsal', status: 'rehearsed' }), now);
    // Done, it lets go of the cluster.
    await service().execute(first.id);
    await store.create(run(), now);
  });

  it('is taken over when its replica dies mid-run: nothing applied twice, nothing lost', async () => {
    const dying = run();
    await store.create(dying, now);
    // The first replica writes b.example at the provider and dies before
    // it records the step.
    let died!: () => void;
    const dead = new Promise<void>(resolve => {
      died = resolve;
    });
    memory.hooks.beforeReturn = async entry => {
      if (entry === 'b.example') {
        died();
        await new Promise(() => undefined); // never returns
      }
    };
    void service().execute(dying.id);
    await dead;
    memory.hooks.beforeReturn = undefined;

    // Not yet orphaned: its lease holds.
    expect(await store.orphaned(now)).toEqual([]);
    now = new Date(now.getTime() + 61_000);
    const survivor = service();
    expect((await store.orphaned(now)).map(r => r.id)).toEqual([dying.id]);
    const done = await survivor.execute(dying.id);
    expect(done!.status).toBe('completed');
    expect(done!.steps.map(s => s.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'verified',
    ]);
    expect(done!.steps[1].detail).toMatch(/applied before a restart/);
    // Each entry point written once, though b.example's step ran twice.
    expect(memory.writes).toEqual(['a.example', 'b.example', 'c.example']);
    // Each product's owners were told once: b's by the survivor (the dead
    // replica never got past its write).
    expect(told.map(n => n.recipients.entityRef)).toEqual([
      'group:default/team-a.example',
      'group:default/team-b.example',
      'group:default/team-c.example',
    ]);
    expect(told[0].payload).toMatchObject({
      title: "a.example's traffic moved off gcp",
      link: '/catalog/default/system/a.example/failover',
      severity: 'high',
      topic: 'traffic',
      scope: `run:${dying.id}:a.example`,
    });
  });

  it('stops on a refused step, and goes on with the rest when resumed', async () => {
    memory.refuse.add('b.example');
    const stopping = run();
    await store.create(stopping, now);
    const stopped = await service().execute(stopping.id);
    expect(stopped!.status).toBe('stopped');
    expect(stopped!.steps.map(s => s.status)).toEqual([
      'applied',
      'refused',
      'pending',
      'pending',
    ]);
    expect(stopped!.steps[1].detail).toMatch(
      /At least 2 healthy serving clusters/,
    );
    // Stopped, it does not hold the cluster: a single drain elsewhere is free.
    expect(await store.active('gcp')).toBeUndefined();

    const resumed = await service().execute(stopping.id);
    expect(resumed!.status).toBe('completed');
    expect(resumed!.steps.map(s => s.status)).toEqual([
      'applied',
      'refused',
      'applied',
      'verified',
    ]);
    expect(memory.writes).toEqual(['a.example', 'c.example']);
  });

  const createRun = async () => {
    const created = run();
    await store.create(created, now);
    return created;
  };

  const eventuallyFinished = async (id: string) => {
    for (let tries = 0; tries < 100; tries++) {
      const found = await store.get(id);
      if (found && found.status !== 'running') return found;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    throw new Error(`${id} did not finish`);
  };

  it('waits for a change in progress on an entry point to settle, and refuses the step when it would take too long', async () => {
    memory.inProgress.set('a.example', 300);
    memory.inProgress.set('b.example', 10 * 60_000);
    // b's would settle in 10 minutes: longer than a step waits (90 s).
    const waiting = run({ continueOnRefusal: true });
    await store.create(waiting, now);
    const done = (await service().execute(waiting.id))!;
    expect(done.steps.map(s => s.status)).toEqual([
      'applied',
      'conflict',
      'applied',
      'verified',
    ]);
    expect(done.steps[1].detail).toMatch(/b\.example has a change in progress/);
    expect(memory.writes).toEqual(['a.example', 'c.example']);
  });

  it('lifts a freeze at its expiry, resuming exactly what it paused, once', async () => {
    const done = run({
      status: 'completed',
      steps: [
        ...entries.map(entry => ({
          ...step(entry),
          status: 'applied' as const,
          weightsBefore: { aws: 1, gcp: 1, azure: 1 },
          weightsAfter: { aws: 1, gcp: 0, azure: 1 },
        })),
        {
          id: 'freeze',
          kind: 'freeze',
          title: 'Freeze',
          status: 'applied',
          frozen: ['system:default/a.example', 'system:default/c.example'],
          expiresAt: new Date(now.getTime() + 4 * 3600_000).toISOString(),
        },
      ],
      finishedAt: now.toISOString(),
    });
    await store.create(done, now);
    now = new Date(now.getTime() + 3 * 3600_000);
    expect(await service().expireFreezes()).toBe(0);
    now = new Date(now.getTime() + 2 * 3600_000);
    expect(await service().expireFreezes()).toBe(1);
    expect(switched).toEqual(['a.example resumed', 'c.example resumed']);
    const freeze = (await store.get(done.id))!.steps.find(
      s => s.kind === 'freeze',
    )!;
    expect(freeze.thawedAt).toBe(now.toISOString());
    expect(freeze.detail).toMatch(
      /expired at .*resumed a\.example, c\.example/,
    );
    expect(await service().expireFreezes()).toBe(0);
    expect(switched).toHaveLength(2);
  });

  it('leaves a freeze that traffic returned before its expiry alone', async () => {
    const done = run({
      status: 'completed',
      steps: [
        {
          ...step('a.example'),
          status: 'applied',
          weightsBefore: { aws: 1, gcp: 1, azure: 1 },
          weightsAfter: { aws: 1, gcp: 0, azure: 1 },
        },
        {
          id: 'freeze',
          kind: 'freeze',
          title: 'Freeze',
          status: 'applied',
          frozen: ['system:default/a.example'],
          expiresAt: new Date(now.getTime() + 4 * 3600_000).toISOString(),
        },
      ],
      finishedAt: now.toISOString(),
    });
    memory.weights.set('a.example', { aws: 1, gcp: 0, azure: 1 });
    await store.create(done, now);
    const back = await service().returnTraffic(done.id, 'gcp is back', 'otto');
    await eventuallyFinished(back.id);
    expect(switched).toEqual(['a.example resumed']);
    now = new Date(now.getTime() + 5 * 3600_000);
    expect(await service().expireFreezes()).toBe(0);
    expect(switched).toEqual(['a.example resumed']);
    expect(
      (await store.get(done.id))!.steps.find(s => s.kind === 'freeze')!
        .thawedAt,
    ).toBeDefined();
  });

  it("records when every moved product's SLOs are OK where it is still served, within the hour", async () => {
    slo = { 'b.example': { azure: 'critical' } };
    const done = (await service().execute((await createRun()).id))!;
    expect(done.status).toBe('completed');
    now = new Date(now.getTime() + 60_000);
    // b burns on azure, which still serves it; gcp's verdict does not count.
    expect(await service().watchRecovery()).toBe(0);
    slo = { 'b.example': { gcp: 'critical' } };
    now = new Date(now.getTime() + 30_000);
    expect(await service().watchRecovery()).toBe(1);
    expect((await store.get(done.id))!.sloOkAfterSeconds).toBe(90);
    // Recorded once; no longer watched.
    expect(await store.watched(now)).toEqual([]);
  });

  it('stops watching an hour after the run', async () => {
    slo = { 'a.example': { aws: 'critical' } };
    const done = (await service().execute((await createRun()).id))!;
    now = new Date(now.getTime() + 3601_000);
    slo = {};
    expect(await service().watchRecovery()).toBe(0);
    expect((await store.get(done.id))!.sloOkAfterSeconds).toBeUndefined();
  });
});
