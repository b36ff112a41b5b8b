import crypto from 'node:crypto';
import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
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
  entryPointOf,
  shares,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { FleetSignals } from './fleetSignals';
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
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  private target(entity: Entity): {
    entry: EntryPointSpec;
    provider: TrafficProvider;
  } {
    let entry: EntryPointSpec | undefined;
    try {
      entry = entryPointOf(entity);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    if (!entry) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )} declares no entry point (trinity.io/entry-point)`,
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
    entity: Entity,
    permission: TrafficView['permission'],
  ): Promise<TrafficView> {
    const { entry, provider } = this.target(entity);
    const drains = await this.options.store.activeDrains(entry.name);
    const history = await this.options.store.history(entry.name);
    try {
      const reading = await provider.read(entry);
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

  async preview(entity: Entity, request: ActionRequest): Promise<Preview> {
    const { entry, provider } = this.target(entity);
    const reading = await provider.read(entry);
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
    entity: Entity,
    request: ActionRequest,
    ctx: ApplyContext,
  ): Promise<ActionResult> {
    if (!request.reason?.trim()) {
      throw new InputError('a reason is required for every traffic change');
    }
    const { entry, provider } = this.target(entity);
    const replay = async (store: TrafficStore) => {
      if (!ctx.idempotencyKey) return undefined;
      const done = await store.byIdempotencyKey(ctx.idempotencyKey);
      if (!done) return undefined;
      if (done.entryPoint !== entry.name) {
        throw new InputError(
          `idempotency key ${ctx.idempotencyKey} was used for another entry point`,
        );
      }
      return {
        outcome: done.outcome,
        replayed: true,
        entry: toHistory(done),
      } satisfies ActionResult;
    };
    const earlier = await replay(this.options.store);
    if (earlier) return earlier;

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
      const applied = await this.options.store.withEntryPointLock(
        entry.name,
        async (store, tx) => {
          // A retry that raced its first attempt finds it done here.
          const raced = await replay(store);
          if (raced) return { result: raced };
          before = await provider.read(entry);
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
          const recordsAfter = provider.plan(entry, before, evaluation.after);
          let written;
          try {
            written = await provider.write(entry, before, evaluation.after);
          } catch (e) {
            throw new ServiceUnavailableError(
              `${entry.provider} did not take the change: ${
                (e as Error).message
              }`,
            );
          }
          const record: ActionRecord = {
            ...base,
            idempotencyKey: ctx.idempotencyKey,
            outcome: 'applied',
            weightsBefore: before.weights,
            weightsAfter: evaluation.after,
            recordsBefore: before.records,
            recordsAfter,
            expiresAt:
              request.kind === 'drain' && request.expiresInMinutes
                ? new Date(
                    this.now().getTime() + request.expiresInMinutes * 60_000,
                  )
                : undefined,
            createdAt: this.now(),
          };
          await store.insert(record, tx);
          await store.closeDrains(
            entry.name,
            Object.keys(evaluation.after).filter(
              c => evaluation.after[c] > 0 && before!.weights[c] === 0,
            ),
            id,
            tx,
          );
          return {
            result: {
              outcome: 'applied' as const,
              replayed: false,
              entry: toHistory(record),
              pendingChange: written.pendingChange,
            },
          };
        },
      );
      await audit?.success({
        meta: {
          outcome: applied.result.outcome,
          replayed: applied.result.replayed,
          before: applied.result.entry.weightsBefore,
          after: applied.result.entry.weightsAfter,
        },
      });
      return applied.result;
    } catch (e) {
      const error = e as Error;
      const outcome = outcomeOf(e);
      if (outcome) {
        // Kept without the idempotency key: a retry may succeed later.
        await this.options.store.insert({
          ...base,
          outcome,
          error: error.message,
          weightsBefore: before?.weights ?? {},
          weightsAfter: weightsAfter ?? before?.weights ?? {},
          recordsBefore: before?.records ?? [],
          recordsAfter: [],
          createdAt: this.now(),
        });
      }
      await audit?.fail({
        error,
        meta: { outcome: outcome ?? 'invalid', before: before?.weights },
      });
      throw e;
    }
  }

  /**
   * Restores every drain whose expiry has passed, as `trinity:expiry`, through
   * the same rules (but the cooldown). A restore the rules refuse keeps the
   * drain and drops its expiry, so it is not retried every tick; the refusal
   * is in the history.
   */
  async expireDue(
    entityOf: (entityRef: string) => Promise<Entity | undefined>,
  ): Promise<number> {
    const due = (await this.options.store.activeDrains()).filter(
      d => d.expiresAt && d.expiresAt <= this.now(),
    );
    let restored = 0;
    for (const drain of due) {
      const entity = await entityOf(drain.entityRef);
      if (!entity) continue;
      const event = await this.options.auditor?.createEvent({
        eventId: 'entry-point-change',
        severityLevel: 'high',
        meta: { trigger: 'expiry', drain: drain.id },
      });
      try {
        await this.apply(
          entity,
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

/** How a failed apply is recorded; bad input is not recorded at all. */
function outcomeOf(e: unknown): ActionResult['outcome'] | undefined {
  if (e instanceof SafetyRefusedError) return 'refused';
  if (e instanceof ConflictError) return 'conflict';
  if (e instanceof InputError) return undefined;
  return 'failed';
}
