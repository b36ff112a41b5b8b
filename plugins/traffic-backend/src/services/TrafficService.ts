import crypto from 'node:crypto';
import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ActionOutcome,
  ActionRequest,
  ActionResult,
  ClusterSignals,
  EntryPointSpec,
  EntryPointState,
  evaluateSafety,
  InvalidActionError,
  isAllowed,
  nextWeights,
  Preview,
  SafetyCheck,
  TrafficView,
  shares,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { FleetSignals } from './fleetSignals';
import { earlierAttempt, IdempotencyKeyReusedError } from './idempotency';
import { ProductBinding } from './ProductBindings';
import { ActionRecord, toDrain, toHistory, TrafficStore } from './TrafficStore';

/** The safety rules said no: a 409 that names every failing check. */
export class SafetyRefusedError extends ConflictError {
  constructor(readonly checks: SafetyCheck[]) {
    super(
      `refused by the safety checks: ${checks
        .filter(c => c.status === 'fail')
        .map(c => `${c.title} — ${c.detail}`)
        .join('; ')}`,
    );
  }
}

/** The entry point's DNS provider failed or did not answer in time. */
export class ProviderError extends ServiceUnavailableError {}

/** A product with what the infra repo lets the portal touch of it. */
export interface Product {
  entity: Entity;
  binding: ProductBinding;
}

/** The compare-and-set token: changes whenever the provider's records do. */
export function versionOf(reading: ProviderReading): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ r: reading.records, w: reading.weights }))
    .digest('hex')
    .slice(0, 16);
}

export interface ApplyContext {
  actor: string;
  idempotencyKey?: string;
  /** What the key is bound to (idempotency.ts): a replay with another request is refused. */
  requestHash?: string;
  /** The version the caller previewed; a different one is a conflict. */
  expectedVersion?: string;
  /** Auto-restore of an expired drain: not subject to the anti-flap cooldown. */
  ignoreCooldown?: boolean;
  /** Audit event for this request (the router creates it with the request). */
  audit?: (meta: Record<string, unknown>) => Promise<AuditorServiceEvent>;
}

/**
 * The failover button's rules: read the entry point at its provider, preview
 * a drain, restore or weights change with every safety check, and apply it
 * with compare-and-set under the entry point's lock, recording the outcome —
 * applied, refused, conflict or failed — in the history, and in the audit
 * log through the caller's audit event.
 */
export class TrafficService {
  constructor(
    private readonly options: {
      store: TrafficStore;
      providers: Map<string, TrafficProvider>;
      fleet: FleetSignals;
      logger: LoggerService;
      auditor?: AuditorService;
      cooldownMs: number;
      minHealthyByTier?: Record<string, number>;
      /** Deadline of each provider read or write. Default 10 s. */
      providerTimeoutMs?: number;
      /**
       * A pending change older than this is taken as interrupted (its
       * replica stopped) and settled from the provider's records; younger,
       * it is a change in progress. Default 60 s: above a provider write,
       * a read and the database retries together.
       */
      settleAfterMs?: number;
      /** How long a settlement is retried while the database is away. Default 15 s. */
      recordRetryMs?: number;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  private target({ entity, binding }: Product): {
    entry: EntryPointSpec;
    provider: TrafficProvider;
  } {
    const entry = binding.entryPoint;
    if (!entry) {
      throw new NotFoundError(
        `the infra repo gives ${stringifyEntityRef(
          entity,
        )} no entry point (tenants/${entity.metadata.name}/management)`,
      );
    }
    const provider = this.options.providers.get(entry.provider);
    if (!provider) {
      throw new ServiceUnavailableError(
        `the ${entry.provider} provider of ${entry.name} is not configured on this portal (trinity.traffic.${entry.provider})`,
      );
    }
    return { entry, provider };
  }

  async view(
    product: Product,
    permission: TrafficView['permission'],
  ): Promise<TrafficView> {
    const { entity } = product;
    const { entry, provider } = this.target(product);
    const drains = await this.options.store.activeDrains(entry.name);
    const history = await this.options.store.history(entry.name);
    try {
      const reading = await this.provider(entry, 'read', signal =>
        provider.read(entry, signal),
      );
      return {
        state: this.state(entity, entry, reading, drains),
        drains: drains.map(toDrain),
        history,
        permission,
      };
    } catch (e) {
      // The provider's fault stays in its place: drains and history still show.
      const error = e as Error;
      return {
        error: {
          name: error.name,
          message: `${entry.provider}: ${error.message}`,
        },
        drains: drains.map(toDrain),
        history,
        permission,
      };
    }
  }

  private state(
    entity: Entity,
    entry: EntryPointSpec,
    reading: ProviderReading,
    drains: ActionRecord[],
  ): EntryPointState {
    const health = Object.fromEntries(
      entry.targets.map(t => [
        t.cluster,
        reading.health[t.cluster]?.status ?? 'unknown',
      ]),
    );
    const share = shares(reading.weights, health);
    return {
      entityRef: stringifyEntityRef(entity),
      name: entry.name,
      provider: entry.provider,
      tier: entry.tier,
      ttl: reading.ttl,
      version: versionOf(reading),
      clusters: entry.targets.map(t => {
        const drain = drains.find(d => d.cluster === t.cluster);
        return {
          cluster: t.cluster,
          target: t.target,
          weight: reading.weights[t.cluster] ?? 0,
          health: health[t.cluster],
          healthDetail: reading.health[t.cluster]?.detail,
          share: share[t.cluster],
          ...(drain && { drain: toDrain(drain) }),
        };
      }),
      records: reading.records,
      pendingChange: reading.pendingChange,
      fetchedAt: this.now().toISOString(),
    };
  }

  private async evaluate(
    entity: Entity,
    entry: EntryPointSpec,
    reading: ProviderReading,
    request: ActionRequest,
    store: TrafficStore,
    ignoreCooldown = false,
  ) {
    const drains = await store.activeDrains(entry.name);
    let after: Record<string, number>;
    try {
      after = nextWeights(reading.weights, request, cluster => {
        const before = drains.find(d => d.cluster === cluster)?.weightsBefore[
          cluster
        ];
        return before && before > 0 ? before : 1;
      });
    } catch (e) {
      if (e instanceof InvalidActionError) throw new InputError(e.message);
      throw e;
    }
    let fleet: Record<string, ClusterSignals | undefined> = {};
    try {
      fleet = await this.options.fleet.forEntity(entity);
    } catch (e) {
      // No fleet view: every cluster is unknown, so no receiver counts as healthy.
      this.options.logger.warn(
        `fleet view unavailable for safety checks: ${e}`,
      );
    }
    const checks = evaluateSafety({
      tier: entry.tier,
      minHealthyByTier: this.options.minHealthyByTier,
      before: reading.weights,
      after,
      providerHealth: Object.fromEntries(
        Object.entries(reading.health).map(([c, h]) => [c, h.status]),
      ),
      fleet,
      lastChange: ignoreCooldown ? {} : await store.lastChanges(entry.name),
      cooldownMs: this.options.cooldownMs,
      now: this.now(),
    });
    return { after, checks, allowed: isAllowed(checks, !!request.force) };
  }

  async preview(product: Product, request: ActionRequest): Promise<Preview> {
    const { entity } = product;
    const { entry, provider } = this.target(product);
    const reading = await this.provider(entry, 'read', signal =>
      provider.read(entry, signal),
    );
    const { after, checks, allowed } = await this.evaluate(
      entity,
      entry,
      reading,
      request,
      this.options.store,
    );
    return {
      action: request,
      version: versionOf(reading),
      weightsBefore: reading.weights,
      weightsAfter: after,
      recordsBefore: reading.records,
      recordsAfter: provider.plan(entry, reading, after),
      checks,
      allowed,
    };
  }

  async apply(
    product: Product,
    request: ActionRequest,
    ctx: ApplyContext,
  ): Promise<ActionResult> {
    if (!request.reason?.trim()) {
      throw new InputError('a reason is required for every traffic change');
    }
    const { entity } = product;
    const { entry, provider } = this.target(product);
    const replay = async (store: TrafficStore) => {
      const done = await earlierAttempt(
        store,
        ctx.idempotencyKey,
        ctx.requestHash,
      );
      if (!done) return undefined;
      if (done.entryPoint !== entry.name) {
        throw new IdempotencyKeyReusedError(
          `idempotency key ${ctx.idempotencyKey} was used for another entry point (${done.entryPoint})`,
        );
      }
      // Not settled yet: the locked section settles it or says it is in progress.
      if (done.outcome === 'pending') return undefined;
      return {
        outcome: done.outcome,
        replayed: true,
        entry: toHistory(done),
      } satisfies ActionResult;
    };
    const earlier = await replay(this.options.store);
    if (earlier) {
      // A replay changes nothing, and is still on the record.
      const event = await ctx.audit?.({
        entryPoint: entry.name,
        action: request,
        replayed: true,
        idempotencyKey: ctx.idempotencyKey,
      });
      await event?.success({
        meta: {
          outcome: earlier.outcome,
          replayed: true,
          of: earlier.entry.id,
        },
      });
      return earlier;
    }

    const id = TrafficStore.newId();
    const base = {
      id,
      entityRef: stringifyEntityRef(entity),
      entryPoint: entry.name,
      kind: request.kind,
      cluster: request.kind === 'weights' ? undefined : request.cluster,
      actor: ctx.actor,
      reason: request.reason.trim(),
    };
    const audit = await ctx.audit?.({
      entryPoint: entry.name,
      action: request,
      reason: base.reason,
      expectedVersion: ctx.expectedVersion,
    });
    let before: ProviderReading | undefined;
    let weightsAfter: Record<string, number> | undefined;
    try {
      // 1. Decide under the entry point's lock, and record the change as
      //    pending before anything is written: a replica that dies after
      //    the provider write leaves a record to settle, not a silent change.
      const decided = await this.options.store.withEntryPointLock(
        entry.name,
        async (store, tx) => {
          await this.settlePending(entry, provider, store, tx);
          // A retry that raced its first attempt finds it done here.
          const raced = await replay(store);
          if (raced) return { result: raced };
          before = await this.provider(entry, 'read', signal =>
            provider.read(entry, signal),
          );
          const version = versionOf(before);
          if (ctx.expectedVersion && version !== ctx.expectedVersion) {
            throw new ConflictError(
              `${entry.name} changed since the preview (version ${ctx.expectedVersion}, now ${version}); preview again`,
            );
          }
          const evaluation = await this.evaluate(
            entity,
            entry,
            before,
            request,
            store,
            ctx.ignoreCooldown,
          );
          weightsAfter = evaluation.after;
          if (!evaluation.allowed) {
            throw new SafetyRefusedError(evaluation.checks);
          }
          const record: ActionRecord = {
            ...base,
            idempotencyKey: ctx.idempotencyKey,
            requestHash: ctx.requestHash,
            outcome: 'pending',
            weightsBefore: before.weights,
            weightsAfter: evaluation.after,
            recordsBefore: before.records,
            recordsAfter: provider.plan(entry, before, evaluation.after),
            expiresAt:
              request.kind === 'drain' && request.expiresInMinutes
                ? new Date(
                    this.now().getTime() + request.expiresInMinutes * 60_000,
                  )
                : undefined,
            createdAt: this.now(),
          };
          await store.insert(record, tx);
          return { record };
        },
      );
      // 2. and 3. Write, then settle the record from what happened.
      const result =
        decided.result ??
        (await this.writeAndSettle(entry, provider, decided.record, before!));
      if (result.outcome === 'applied') {
        await audit?.success({
          meta: {
            outcome: result.outcome,
            replayed: result.replayed,
            before: result.entry.weightsBefore,
            after: result.entry.weightsAfter,
          },
        });
      } else {
        await audit?.fail({
          error: new Error(result.entry.error ?? result.outcome),
          meta: { outcome: result.outcome, before: result.entry.weightsBefore },
        });
      }
      return result;
    } catch (e) {
      const error = e as Error;
      const outcome = outcomeOf(e);
      const failed: ActionRecord = {
        ...base,
        outcome: outcome ?? 'failed',
        error: error.message,
        weightsBefore: before?.weights ?? {},
        weightsAfter: weightsAfter ?? before?.weights ?? {},
        recordsBefore: before?.records ?? [],
        recordsAfter: [],
        createdAt: this.now(),
      };
      if (outcome) {
        // Kept without the idempotency key: a retry may succeed later. A
        // database that is down loses this note, not a change: nothing was
        // written.
        await this.options.store
          .insert(failed)
          .catch(dbError =>
            this.options.logger.warn(
              `could not record the ${outcome} ${request.kind} on ${entry.name}: ${dbError}`,
            ),
          );
      }
      await audit?.fail({
        error,
        meta: { outcome: outcome ?? 'invalid', before: before?.weights },
      });
      // The provider's fault is an outcome the dialog shows, not a portal error.
      if (e instanceof ProviderError) {
        return { outcome: 'failed', replayed: false, entry: toHistory(failed) };
      }
      throw e;
    }
  }

  /**
   * Writes a recorded change at its provider (outside the lock: the pending
   * record keeps other changes to the entry point out) and settles the
   * record: applied, failed, or left pending when the provider's answer is
   * not known (a later change or the sweep settles it).
   */
  private async writeAndSettle(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    record: ActionRecord,
    before: ProviderReading,
  ): Promise<ActionResult> {
    let pendingChange: ActionResult['pendingChange'];
    let outcome: ActionOutcome = 'applied';
    let error: string | undefined;
    try {
      ({ pendingChange } = await this.provider(entry, 'write', signal =>
        provider.write(entry, before, record.weightsAfter, signal),
      ));
    } catch (e) {
      // A write that timed out may still have been taken: ask which.
      outcome = await this.observe(entry, provider, record);
      error = `${(e as Error).message}; ${
        {
          applied: 'its records show the change was taken',
          failed: 'its records show the change was not taken',
          pending:
            'it does not answer, so whether it took the change is not known yet: the portal settles this from its records when it answers',
        }[outcome as 'applied' | 'failed' | 'pending']
      }`;
    }
    const entryOut = toHistory({ ...record, outcome, error });
    if (outcome === 'pending') {
      return { outcome, replayed: false, entry: entryOut };
    }
    const recorded = await this.settleWithRetry(record, outcome, error);
    return {
      outcome,
      replayed: false,
      entry: entryOut,
      pendingChange,
      ...(!recorded && {
        warning:
          "the portal's database did not answer, so the history shows this change as pending until it does; then it is settled from the provider's records",
      }),
    };
  }

  /** Whether the provider's records show a recorded change: applied, failed, or pending when it does not answer. */
  private async observe(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    record: ActionRecord,
  ): Promise<'applied' | 'failed' | 'pending'> {
    try {
      const now = await this.provider(entry, 'read', signal =>
        provider.read(entry, signal),
      );
      return sameWeights(now.weights, record.weightsAfter)
        ? 'applied'
        : 'failed';
    } catch {
      return 'pending';
    }
  }

  /**
   * Settles pending changes of an entry point, under its lock. One younger
   * than `settleAfterMs` may still be being written by its replica: that is
   * a change in progress, and the caller waits for it.
   */
  private async settlePending(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    store: TrafficStore,
    tx: Knex.Transaction,
  ) {
    for (const p of await store.pending(entry.name)) {
      const age = this.now().getTime() - p.createdAt.getTime();
      if (age < this.settleAfterMs()) {
        throw new ConflictError(
          `${entry.name} has a change in progress (${p.kind}${
            p.cluster ? ` ${p.cluster}` : ''
          } by ${p.actor}, ${Math.round(
            age / 1000,
          )} s ago); try again when it is done`,
        );
      }
      const outcome = await this.observe(entry, provider, p);
      if (outcome === 'pending') {
        throw new ProviderError(
          `an earlier change to ${entry.name} (${p.kind} by ${p.actor}) is not settled and ${entry.provider} does not answer; nothing was changed`,
        );
      }
      await settleIn(
        store,
        tx,
        p,
        outcome,
        outcome === 'failed'
          ? 'not taken: the change stopped before the provider confirmed it'
          : undefined,
      );
      this.options.logger.info(
        `settled an interrupted ${p.kind} on ${entry.name} (${p.id}): ${outcome}`,
      );
    }
  }

  /** Settles every pending change old enough to have been interrupted (the sweep). */
  async settleStale(
    productOf: (entityRef: string) => Promise<Product | undefined>,
  ): Promise<number> {
    const stale = (await this.options.store.pending()).filter(
      p => this.now().getTime() - p.createdAt.getTime() >= this.settleAfterMs(),
    );
    let settled = 0;
    for (const ref of new Set(stale.map(p => p.entityRef))) {
      try {
        const product = await productOf(ref);
        if (!product) continue;
        const { entry, provider } = this.target(product);
        await this.options.store.withEntryPointLock(entry.name, (store, tx) =>
          this.settlePending(entry, provider, store, tx),
        );
        settled += stale.filter(p => p.entityRef === ref).length;
      } catch (e) {
        this.options.logger.warn(`could not settle changes of ${ref}: ${e}`);
      }
    }
    return settled;
  }

  /**
   * Records a settlement, retrying while the database is away (a restart
   * takes seconds). False when it stayed away: the record stays pending and
   * the sweep settles it from the provider's records.
   */
  private async settleWithRetry(
    record: ActionRecord,
    outcome: 'applied' | 'failed',
    error?: string,
  ): Promise<boolean> {
    const deadline = Date.now() + (this.options.recordRetryMs ?? 15_000);
    for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
      try {
        await this.options.store.withEntryPointLock(
          record.entryPoint,
          (store, tx) => settleIn(store, tx, record, outcome, error),
        );
        return true;
      } catch (e) {
        if (Date.now() + wait > deadline) {
          this.options.logger.error(
            `could not record the ${outcome} ${record.kind} ${record.id} on ${record.entryPoint}; it stays pending until the sweep settles it: ${e}`,
          );
          return false;
        }
        await new Promise(r => setTimeout(r, wait));
      }
    }
  }

  private settleAfterMs() {
    return this.options.settleAfterMs ?? 60_000;
  }

  /**
   * One provider call within the provider deadline. Providers that take the
   * signal stop; for the rest the answer is no longer waited for. Either
   * way the failure is the provider's, named as such.
   */
  private async provider<T>(
    entry: EntryPointSpec,
    what: 'read' | 'write',
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const ms = this.options.providerTimeoutMs ?? 10_000;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${ms / 1000} s`));
      }, ms);
    });
    try {
      return await Promise.race([call(controller.signal), late]);
    } catch (e) {
      throw new ProviderError(
        `${entry.provider} did not ${
          what === 'read' ? 'answer' : 'take the change'
        }: ${(e as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Restores every drain whose expiry has passed, as `trinity:expiry`, through
   * the same rules (but the cooldown). A restore the rules refuse keeps the
   * drain and drops its expiry, so it is not retried every tick; the refusal
   * is in the history. A provider that fails keeps the expiry: the next
   * tick tries again.
   */
  async expireDue(
    productOf: (entityRef: string) => Promise<Product | undefined>,
  ): Promise<number> {
    const due = (await this.options.store.activeDrains()).filter(
      d => d.expiresAt && d.expiresAt <= this.now(),
    );
    let restored = 0;
    for (const drain of due) {
      const product = await productOf(drain.entityRef).catch(e => {
        this.options.logger.warn(
          `auto-restore of ${drain.cluster} on ${drain.entryPoint} waits: ${e}`,
        );
        return undefined;
      });
      if (!product) continue;
      const event = await this.options.auditor?.createEvent({
        eventId: 'entry-point-change',
        severityLevel: 'high',
        meta: { trigger: 'expiry', drain: drain.id },
      });
      try {
        const result = await this.apply(
          product,
          {
            kind: 'restore',
            cluster: drain.cluster!,
            reason: `drain expired (drained by ${drain.actor}: ${drain.reason})`,
          },
          {
            actor: 'trinity:expiry',
            ignoreCooldown: true,
            audit: async () => event!,
          },
        );
        // The provider failed or did not answer: the drain keeps its
        // expiry and the next tick tries again (the rules did not refuse).
        if (result.outcome !== 'applied') {
          this.options.logger.warn(
            `auto-restore of ${drain.cluster} on ${drain.entryPoint} not done yet: ${result.outcome}: ${result.entry.error}`,
          );
          continue;
        }
        restored += 1;
      } catch (e) {
        this.options.logger.warn(
          `auto-restore of ${drain.cluster} on ${drain.entryPoint} refused: ${e}`,
        );
        await this.options.store.clearExpiry(drain.id);
      }
    }
    return restored;
  }
}

function sameWeights(a: Record<string, number>, b: Record<string, number>) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(k => (a[k] ?? 0) === (b[k] ?? 0));
}

/** Marks a pending change settled and, when applied, closes the drains it ended. */
async function settleIn(
  store: TrafficStore,
  tx: Knex.Transaction,
  record: ActionRecord,
  outcome: 'applied' | 'failed',
  error?: string,
) {
  const changed = await store.settle(record.id, outcome, error, tx);
  if (changed && outcome === 'applied') {
    await store.closeDrains(
      record.entryPoint,
      Object.keys(record.weightsAfter).filter(
        c => record.weightsAfter[c] > 0 && record.weightsBefore[c] === 0,
      ),
      record.id,
      tx,
    );
  }
}

/** How a failed apply is recorded; bad input is not recorded at all. */
function outcomeOf(e: unknown): ActionResult['outcome'] | undefined {
  if (e instanceof SafetyRefusedError) return 'refused';
  if (e instanceof ConflictError) return 'conflict';
  if (e instanceof InputError || e instanceof IdempotencyKeyReusedError)
    return undefined;
  return 'failed';
}
