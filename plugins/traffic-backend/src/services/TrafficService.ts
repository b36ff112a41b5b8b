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
  EntryPointSpec,
  Preview,
  TrafficView,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  Nameserver,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { describeFailure } from '@internal/plugin-platform-common';
import { expireDueDrains } from './drainExpiry';
import { entryPointState } from './entryPointState';
import { FleetSignals } from './fleetSignals';
import { IdempotencyKeyReusedError, replayOf } from './idempotency';
import { Product } from './ProductBindings';
import {
  ProviderCall,
  providerCallWithin,
  ProviderError,
  versionOf,
} from './providerCall';
import { SafetyGate, SafetyRefusedError } from './safetyGate';
import { ChangeSettlement } from './settlement';
import { ActionRecord, toDrain, toHistory, TrafficStore } from './TrafficStore';

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
 * log through the caller's audit event. Settling interrupted changes is
 * settlement.ts's, provider deadlines providerCall.ts's, drain expiry
 * drainExpiry.ts's.
 */
export class TrafficService {
  constructor(
    private readonly options: {
      store: TrafficStore;
      providers: Map<string, TrafficProvider>;
      fleet: FleetSignals;
      logger: LoggerService;
      auditor?: AuditorService;
      /**
       * Told after a change was applied (the plugin asks the fleet to read
       * the product's traffic again, so its Fleet tab agrees at once).
       */
      onApplied?: (entity: Entity) => void;
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
  ) {
    this.call = providerCallWithin(options.providerTimeoutMs ?? 10_000);
    this.safety = new SafetyGate({
      fleet: options.fleet,
      logger: options.logger,
      minHealthyByTier: options.minHealthyByTier,
      cooldownMs: options.cooldownMs,
      now: () => this.now(),
    });
    this.settlement = new ChangeSettlement({
      store: options.store,
      logger: options.logger,
      call: this.call,
      now: () => this.now(),
      settleAfterMs: options.settleAfterMs,
      recordRetryMs: options.recordRetryMs,
    });
  }

  /** One provider read or write within the provider deadline. */
  private readonly call: ProviderCall;
  private readonly settlement: ChangeSettlement;
  private readonly safety: SafetyGate;

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
      const reading = await this.call(entry, 'read', signal =>
        provider.read(entry, signal),
      );
      return {
        state: entryPointState(entity, entry, reading, drains, this.now()),
        drains: drains.map(toDrain),
        history,
        permission,
      };
    } catch (caught) {
      // The provider's fault stays in its place: drains and history still show.
      const error = caught as Error;
      return {
        error: {
          name: error.name,
          // A ProviderError names the provider already.
          message:
            error instanceof ProviderError
              ? error.message
              : `${entry.provider}: ${describeFailure(error)}`,
        },
        drains: drains.map(toDrain),
        history,
        permission,
      };
    }
  }

  /** The entry point's weights and version at its provider now. */
  async current(
    product: Product,
  ): Promise<{ weights: Record<string, number>; version: string }> {
    const { entry, provider } = this.target(product);
    const reading = await this.call(entry, 'read', signal =>
      provider.read(entry, signal),
    );
    return { weights: reading.weights, version: versionOf(reading) };
  }

  /**
   * How long until another change to the product's entry point settles
   * (0: none in progress), so a caller that can wait need not be refused.
   */
  async changeInProgressMs(product: Product): Promise<number> {
    const { entry } = this.target(product);
    return this.settlement.settlesWithinMs(entry.name);
  }

  /**
   * The entry point and the nameservers that answer its name, as its
   * provider names them (none when the provider cannot say).
   */
  async nameservers(
    product: Product,
  ): Promise<{ entry: EntryPointSpec; nameservers?: Nameserver[] }> {
    const { entry, provider } = this.target(product);
    if (!provider.nameservers) return { entry };
    const nameservers = await this.call(entry, 'read', signal =>
      provider.nameservers!(entry, signal),
    );
    return { entry, nameservers };
  }

  async preview(product: Product, request: ActionRequest): Promise<Preview> {
    const { entity } = product;
    const { entry, provider } = this.target(product);
    const reading = await this.call(entry, 'read', signal =>
      provider.read(entry, signal),
    );
    const { after, checks, allowed } = await this.safety.evaluate(
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
    const replay = (store: TrafficStore) =>
      replayOf(store, entry.name, ctx.idempotencyKey, ctx.requestHash);
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
          await this.settlement.settlePending(entry, provider, store, tx);
          // A retry that raced its first attempt finds it done here.
          const raced = await replay(store);
          if (raced) return { result: raced };
          before = await this.call(entry, 'read', signal =>
            provider.read(entry, signal),
          );
          const version = versionOf(before);
          if (ctx.expectedVersion && version !== ctx.expectedVersion) {
            throw new ConflictError(
              `${entry.name} changed since the preview (version ${ctx.expectedVersion}, now ${version}); preview again`,
            );
          }
          const evaluation = await this.safety.evaluate(
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
        (await this.settlement.writeAndSettle(
          entry,
          provider,
          decided.record,
          before!,
        ));
      await auditOutcome(audit, result);
      if (result.outcome === 'applied') this.options.onApplied?.(entity);
      return result;
    } catch (caught) {
      const error = caught as Error;
      const outcome = outcomeOf(caught);
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
      if (caught instanceof ProviderError) {
        return { outcome: 'failed', replayed: false, entry: toHistory(failed) };
      }
      throw caught;
    }
  }

  /** Settles every pending change old enough to have been interrupted (the sweep). */
  settleStale(
    productOf: (entityRef: string) => Promise<Product | undefined>,
  ): Promise<number> {
    return this.settlement.settleStale(async ref => {
      const product = await productOf(ref);
      return product && this.target(product);
    });
  }

  /** Restores the drains whose expiry has passed (drainExpiry.ts). */
  expireDue(
    productOf: (entityRef: string) => Promise<Product | undefined>,
  ): Promise<number> {
    return expireDueDrains(
      this,
      {
        store: this.options.store,
        logger: this.options.logger,
        auditor: this.options.auditor,
        now: () => this.now(),
      },
      productOf,
    );
  }
}

/** Closes a change's audit event with its outcome, weights before and after. */
async function auditOutcome(
  audit: AuditorServiceEvent | undefined,
  result: ActionResult,
) {
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
}

/** How a failed apply is recorded; bad input is not recorded at all. */
function outcomeOf(error: unknown): ActionResult['outcome'] | undefined {
  if (error instanceof SafetyRefusedError) return 'refused';
  if (error instanceof ConflictError) return 'conflict';
  if (error instanceof InputError || error instanceof IdempotencyKeyReusedError)
    return undefined;
  return 'failed';
}
