import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { ActionResult, ProviderRecord } from '@internal/plugin-traffic-common';
import { earlierAttempt } from './idempotency';
import { Product } from './ProductBindings';
import { ActionRecord, toHistory, TrafficStore } from './TrafficStore';

/** What every change is told besides its request: who, which key, the audit. */
export interface ChangeContext {
  actor: string;
  idempotencyKey?: string;
  requestHash?: string;
  audit?: (meta: Record<string, unknown>) => Promise<AuditorServiceEvent>;
}

/** History key: the product's entry point when it has one, so one history shows every switch. */
export function historyKey({ entity, binding }: Product) {
  return binding.entryPoint?.name ?? stringifyEntityRef(entity);
}

/**
 * The guard rails the switches beside the traffic change share (auto-sync,
 * the release actions): a reason; the replay of an earlier attempt with the
 * same idempotency key instead of acting twice; an audit event; `lock`
 * held while `work` runs, so one change of its kind runs at a time across
 * replicas; and a history row whatever the outcome — a refusal in the
 * product's words (ConflictError, 409) kept as a conflict, a fault as
 * failed, bad input (InputError, 400) not kept at all.
 */
export async function recordedChange(
  store: TrafficStore,
  product: Product,
  change: {
    kind: ActionRecord['kind'];
    /** What it is, for the sentence that asks for a reason ("pause or resume auto-sync"). */
    what: string;
    cluster?: string;
    reason: string;
    lock: string;
    meta: Record<string, unknown>;
    now: Date;
  },
  ctx: ChangeContext,
  work: (tx: TrafficStore) => Promise<{
    before?: ProviderRecord[];
    after?: ProviderRecord[];
    /** What the audit event's success says besides the outcome. */
    auditMeta?: Record<string, unknown>;
  }>,
): Promise<ActionResult> {
  if (!change.reason?.trim()) {
    throw new InputError(`a reason is required to ${change.what}`);
  }
  const done = await earlierAttempt(store, ctx.idempotencyKey, ctx.requestHash);
  if (done) {
    const event = await ctx.audit?.({
      ...change.meta,
      replayed: true,
      idempotencyKey: ctx.idempotencyKey,
    });
    await event?.success({
      meta: { outcome: done.outcome, replayed: true, of: done.id },
    });
    return { outcome: done.outcome, replayed: true, entry: toHistory(done) };
  }
  const audit = await ctx.audit?.({ ...change.meta, reason: change.reason });
  // What every history row of this attempt shares, applied or not.
  const row = () => ({
    id: TrafficStore.newId(),
    entityRef: stringifyEntityRef(product.entity),
    entryPoint: historyKey(product),
    kind: change.kind,
    cluster: change.cluster,
    actor: ctx.actor,
    reason: change.reason.trim(),
    weightsBefore: {},
    weightsAfter: {},
    createdAt: change.now,
  });
  let auditMeta: Record<string, unknown> | undefined;
  try {
    const record = await store.withEntryPointLock(
      change.lock,
      async (tx, trx) => {
        const records = await work(tx);
        auditMeta = records.auditMeta;
        const entry = {
          ...row(),
          idempotencyKey: ctx.idempotencyKey,
          requestHash: ctx.requestHash,
          outcome: 'applied' as const,
          recordsBefore: records.before ?? [],
          recordsAfter: records.after ?? [],
        };
        await tx.insert(entry, trx);
        return entry;
      },
    );
    await audit?.success({
      meta: {
        outcome: 'applied',
        ...(auditMeta ?? {
          records: [...record.recordsBefore, ...record.recordsAfter].map(
            written => written.name,
          ),
        }),
      },
    });
    return { outcome: 'applied', replayed: false, entry: toHistory(record) };
  } catch (caught) {
    const error = caught as Error;
    if (!(caught instanceof InputError)) {
      await store.insert({
        ...row(),
        outcome: caught instanceof ConflictError ? 'conflict' : 'failed',
        error: error.message,
        recordsBefore: [],
        recordsAfter: [],
      });
    }
    await audit?.fail({ error });
    throw caught;
  }
}
