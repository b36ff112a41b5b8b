import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  ActionOutcome,
  ActionResult,
  EntryPointSpec,
} from '@internal/plugin-traffic-common';
import {
  ProviderReading,
  TrafficProvider,
} from '@internal/plugin-traffic-node';
import { ProviderCall, ProviderError } from './providerCall';
import { ActionRecord, toHistory, TrafficStore } from './TrafficStore';

/**
 * Settling changes recorded as pending before their provider write (ADR
 * 0007): from the provider's records when the write's answer was lost or
 * its replica stopped, and in the history, retried while the database is
 * away.
 */
/**
 * Another change to the entry point is being written (by this or another
 * replica, or left pending by one that stopped): a conflict now, settled
 * within `settlesWithinMs` at the latest — a caller that can wait, waits.
 */
export class ChangeInProgressError extends ConflictError {
  constructor(message: string, readonly settlesWithinMs: number) {
    super(message);
  }
}

export class ChangeSettlement {
  constructor(
    private readonly options: {
      store: TrafficStore;
      logger: LoggerService;
      call: ProviderCall;
      now: () => Date;
      /**
       * A pending change older than this is taken as interrupted (its
       * replica stopped) and settled from the provider's records; younger,
       * it is a change in progress. Default 60 s.
       */
      settleAfterMs?: number;
      /** How long a settlement is retried while the database is away. Default 15 s. */
      recordRetryMs?: number;
    },
  ) {}

  /**
   * Settles every pending change old enough to have been interrupted (the
   * sweep), each entry point under its lock; `targetOf` finds an entry
   * point and its provider for a product, undefined when it is gone.
   */
  async settleStale(
    targetOf: (
      entityRef: string,
    ) => Promise<
      { entry: EntryPointSpec; provider: TrafficProvider } | undefined
    >,
  ): Promise<number> {
    const stale = (await this.options.store.pending()).filter(change =>
      this.isStale(change),
    );
    let settled = 0;
    for (const ref of new Set(stale.map(change => change.entityRef))) {
      try {
        const target = await targetOf(ref);
        if (!target) continue;
        const { entry, provider } = target;
        await this.options.store.withEntryPointLock(entry.name, (store, tx) =>
          this.settlePending(entry, provider, store, tx),
        );
        settled += stale.filter(change => change.entityRef === ref).length;
      } catch (error) {
        this.options.logger.warn(
          `could not settle changes of ${ref}: ${error}`,
        );
      }
    }
    return settled;
  }

  /**
   * How long until the entry point's changes in progress settle: 0 when
   * there is none, or only ones old enough to be settled by the next change.
   */
  async settlesWithinMs(entryPoint: string): Promise<number> {
    const now = this.options.now().getTime();
    const waits = (await this.options.store.pending(entryPoint))
      .filter(change => !this.isStale(change))
      .map(
        change =>
          (this.options.settleAfterMs ?? 60_000) -
          (now - change.createdAt.getTime()),
      );
    return Math.max(0, ...waits);
  }

  /** Old enough to have been interrupted rather than in progress. */
  isStale(record: ActionRecord): boolean {
    return (
      this.options.now().getTime() - record.createdAt.getTime() >=
      (this.options.settleAfterMs ?? 60_000)
    );
  }

  /**
   * Writes a recorded change at its provider (outside the lock: the pending
   * record keeps other changes to the entry point out) and settles the
   * record: applied, failed, or left pending when the provider's answer is
   * not known (a later change or the sweep settles it).
   */
  async writeAndSettle(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    record: ActionRecord,
    before: ProviderReading,
  ): Promise<ActionResult> {
    let pendingChange: ActionResult['pendingChange'];
    let outcome: ActionOutcome = 'applied';
    let error: string | undefined;
    try {
      ({ pendingChange } = await this.options.call(entry, 'write', signal =>
        provider.write(entry, before, record.weightsAfter, signal),
      ));
    } catch (writeError) {
      // A write that timed out may still have been taken: ask which.
      outcome = await this.observe(entry, provider, record);
      error = `${(writeError as Error).message}; ${
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
  async observe(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    record: ActionRecord,
  ): Promise<'applied' | 'failed' | 'pending'> {
    try {
      const now = await this.options.call(entry, 'read', signal =>
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
  async settlePending(
    entry: EntryPointSpec,
    provider: TrafficProvider,
    store: TrafficStore,
    tx: Knex.Transaction,
  ) {
    for (const change of await store.pending(entry.name)) {
      if (!this.isStale(change)) {
        const age = this.options.now().getTime() - change.createdAt.getTime();
        throw new ChangeInProgressError(
          `${entry.name} has a change in progress (${change.kind}${
            change.cluster ? ` ${change.cluster}` : ''
          } by ${change.actor}, ${Math.round(
            age / 1000,
          )} s ago); try again when it is done`,
          Math.max(0, (this.options.settleAfterMs ?? 60_000) - age),
        );
      }
      const outcome = await this.observe(entry, provider, change);
      if (outcome === 'pending') {
        throw new ProviderError(
          `an earlier change to ${entry.name} (${change.kind} by ${change.actor}) is not settled and ${entry.provider} does not answer; nothing was changed`,
        );
      }
      await settleIn(
        store,
        tx,
        change,
        outcome,
        outcome === 'failed'
          ? 'not taken: the change stopped before the provider confirmed it'
          : undefined,
      );
      this.options.logger.info(
        `settled an interrupted ${change.kind} on ${entry.name} (${change.id}): ${outcome}`,
      );
    }
  }

  /**
   * Records a settlement, retrying while the database is away (a restart
   * takes seconds). False when it stayed away: the record stays pending and
   * the sweep settles it from the provider's records.
   */
  async settleWithRetry(
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
      } catch (dbError) {
        if (Date.now() + wait > deadline) {
          this.options.logger.error(
            `could not record the ${outcome} ${record.kind} ${record.id} on ${record.entryPoint}; it stays pending until the sweep settles it: ${dbError}`,
          );
          return false;
        }
        await new Promise(resolve => setTimeout(resolve, wait));
      }
    }
  }
}

function sameWeights(
  left: Record<string, number>,
  right: Record<string, number>,
) {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every(
    cluster => (left[cluster] ?? 0) === (right[cluster] ?? 0),
  );
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
        cluster =>
          record.weightsAfter[cluster] > 0 &&
          record.weightsBefore[cluster] === 0,
      ),
      record.id,
      tx,
    );
  }
}
