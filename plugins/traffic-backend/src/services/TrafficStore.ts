import crypto from 'node:crypto';
import { Knex } from 'knex';
import {
  ActionOutcome,
  Drain,
  HistoryEntry,
  ProviderRecord,
} from '@internal/plugin-traffic-common';

/** One row of traffic_actions, as written. */
export interface ActionRecord {
  id: string;
  idempotencyKey?: string;
  /** The request the key was sent with (method, path, body), hashed. */
  requestHash?: string;
  entityRef: string;
  entryPoint: string;
  kind: HistoryEntry['kind'];
  cluster?: string;
  actor: string;
  reason: string;
  outcome: ActionOutcome;
  error?: string;
  weightsBefore: Record<string, number>;
  weightsAfter: Record<string, number>;
  recordsBefore: ProviderRecord[];
  recordsAfter: ProviderRecord[];
  expiresAt?: Date;
  createdAt: Date;
}

type Row = {
  id: string;
  idempotency_key: string | null;
  request_hash: string | null;
  entity_ref: string;
  entry_point: string;
  kind: string;
  cluster: string | null;
  actor: string;
  reason: string;
  outcome: string;
  error: string | null;
  weights_before: string;
  weights_after: string;
  records_before: string;
  records_after: string;
  expires_at: Date | string | null;
  closed_by: string | null;
  created_at: Date | string;
};

const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));

/** The plugin's tables: entry-point locks, and every action with its outcome. */
export class TrafficStore {
  constructor(private readonly db: Knex) {}

  static newId() {
    return crypto.randomUUID();
  }

  /**
   * Runs `work` holding the entry point's row lock, so that across replicas
   * one change per entry point runs at a time (SELECT … FOR UPDATE on
   * PostgreSQL; SQLite serializes write transactions itself).
   */
  async withEntryPointLock<T>(
    name: string,
    work: (store: TrafficStore, tx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    await this.db('traffic_entry_points')
      .insert({ name, version: 0, updated_at: new Date() })
      .onConflict('name')
      .ignore();
    // SQLite has no row locks (and knex warns about them); its write
    // transactions are serialized anyway.
    const rowLocks = !/sqlite/.test(String(this.db.client.config.client));
    return this.db.transaction(async tx => {
      const select = tx('traffic_entry_points').where({ name });
      const row = await (rowLocks ? select.forUpdate() : select).first();
      // Every read and write inside goes through the transaction: on SQLite
      // the pool has one connection, and a query outside would wait forever.
      const result = await work(new TrafficStore(tx), tx);
      await tx('traffic_entry_points')
        .where({ name })
        .update({ version: row.version + 1, updated_at: new Date() });
      return result;
    });
  }

  async insert(action: ActionRecord, tx?: Knex.Transaction) {
    await (tx ?? this.db)('traffic_actions').insert({
      id: action.id,
      idempotency_key: action.idempotencyKey ?? null,
      request_hash: action.requestHash ?? null,
      entity_ref: action.entityRef,
      entry_point: action.entryPoint,
      kind: action.kind,
      cluster: action.cluster ?? null,
      actor: action.actor,
      reason: action.reason,
      outcome: action.outcome,
      error: action.error ?? null,
      weights_before: JSON.stringify(action.weightsBefore),
      weights_after: JSON.stringify(action.weightsAfter),
      records_before: JSON.stringify(action.recordsBefore),
      records_after: JSON.stringify(action.recordsAfter),
      expires_at: action.expiresAt ?? null,
      created_at: action.createdAt,
    });
  }

  async byIdempotencyKey(key: string): Promise<ActionRecord | undefined> {
    const row = await this.db<Row>('traffic_actions')
      .where({ idempotency_key: key })
      .first();
    return row ? toRecord(row) : undefined;
  }

  async byId(id: string): Promise<ActionRecord | undefined> {
    const row = await this.db<Row>('traffic_actions').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async history(entryPoint: string, limit = 20): Promise<HistoryEntry[]> {
    const rows = await this.db<Row>('traffic_actions')
      .where({ entry_point: entryPoint })
      .orderBy('created_at', 'desc')
      .limit(limit);
    return rows.map(r => toHistory(toRecord(r)));
  }

  /** Applied drains not yet closed by a later change that gave the cluster weight. */
  async activeDrains(entryPoint?: string): Promise<Array<ActionRecord>> {
    const q = this.db<Row>('traffic_actions')
      .where({ kind: 'drain', outcome: 'applied' })
      .whereNull('closed_by');
    if (entryPoint) q.andWhere({ entry_point: entryPoint });
    return (await q.orderBy('created_at', 'asc')).map(toRecord);
  }

  /** Closes the drains of clusters that `action` gave weight again. */
  async closeDrains(
    entryPoint: string,
    clusters: string[],
    closedBy: string,
    tx?: Knex.Transaction,
  ) {
    if (clusters.length === 0) return;
    await (tx ?? this.db)('traffic_actions')
      .where({ entry_point: entryPoint, kind: 'drain', outcome: 'applied' })
      .whereIn('cluster', clusters)
      .whereNull('closed_by')
      .update({ closed_by: closedBy });
  }

  /** Changes recorded before their provider write and not settled yet. */
  async pending(entryPoint?: string): Promise<ActionRecord[]> {
    const q = this.db<Row>('traffic_actions').where({ outcome: 'pending' });
    if (entryPoint) q.andWhere({ entry_point: entryPoint });
    return (await q.orderBy('created_at', 'asc')).map(toRecord);
  }

  /**
   * Settles a pending change. Only a pending row changes, so two replicas
   * settling the same change write it once. A failed change gives its
   * idempotency key back: a retry of the same request may try again.
   */
  async settle(
    id: string,
    outcome: 'applied' | 'failed',
    error?: string,
    tx?: Knex.Transaction,
  ): Promise<boolean> {
    const changed = await (tx ?? this.db)('traffic_actions')
      .where({ id, outcome: 'pending' })
      .update({
        outcome,
        error: error ?? null,
        ...(outcome === 'failed' && { idempotency_key: null }),
      });
    return changed > 0;
  }

  /** Drops a drain's expiry (an auto-restore the rules refused). */
  async clearExpiry(id: string) {
    await this.db('traffic_actions').where({ id }).update({ expires_at: null });
  }

  /** When each cluster's weight last changed on this entry point. */
  async lastChanges(entryPoint: string): Promise<Record<string, Date>> {
    const rows = await this.db<Row>('traffic_actions')
      .where({ entry_point: entryPoint, outcome: 'applied' })
      .orderBy('created_at', 'desc')
      .limit(100);
    const last: Record<string, Date> = {};
    for (const r of rows.map(toRecord)) {
      for (const c of Object.keys(r.weightsAfter)) {
        if (!(c in last) && r.weightsAfter[c] !== r.weightsBefore[c]) {
          last[c] = r.createdAt;
        }
      }
    }
    return last;
  }
}

function toRecord(r: Row): ActionRecord {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key ?? undefined,
    requestHash: r.request_hash ?? undefined,
    entityRef: r.entity_ref,
    entryPoint: r.entry_point,
    kind: r.kind as ActionRecord['kind'],
    cluster: r.cluster ?? undefined,
    actor: r.actor,
    reason: r.reason,
    outcome: r.outcome as ActionOutcome,
    error: r.error ?? undefined,
    weightsBefore: JSON.parse(r.weights_before),
    weightsAfter: JSON.parse(r.weights_after),
    recordsBefore: JSON.parse(r.records_before),
    recordsAfter: JSON.parse(r.records_after),
    expiresAt: r.expires_at ? date(r.expires_at) : undefined,
    createdAt: date(r.created_at),
  };
}

export function toHistory(a: ActionRecord): HistoryEntry {
  return {
    id: a.id,
    entryPoint: a.entryPoint,
    kind: a.kind,
    cluster: a.cluster,
    actor: a.actor,
    reason: a.reason,
    outcome: a.outcome,
    error: a.error,
    weightsBefore: a.weightsBefore,
    weightsAfter: a.weightsAfter,
    expiresAt: a.expiresAt?.toISOString(),
    createdAt: a.createdAt.toISOString(),
  };
}

export function toDrain(a: ActionRecord): Drain {
  return {
    actionId: a.id,
    actor: a.actor,
    reason: a.reason,
    createdAt: a.createdAt.toISOString(),
    expiresAt: a.expiresAt?.toISOString(),
  };
}
