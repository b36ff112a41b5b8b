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

const date = (value: Date | string) =>
  value instanceof Date ? value : new Date(value);

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
    return rows.map(row => toHistory(toRecord(row)));
  }

  /** Applied drains not yet closed by a later change that gave the cluster weight. */
  async activeDrains(entryPoint?: string): Promise<Array<ActionRecord>> {
    const query = this.db<Row>('traffic_actions')
      .where({ kind: 'drain', outcome: 'applied' })
      .whereNull('closed_by');
    if (entryPoint) query.andWhere({ entry_point: entryPoint });
    return (await query.orderBy('created_at', 'asc')).map(toRecord);
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
    const query = this.db<Row>('traffic_actions').where({ outcome: 'pending' });
    if (entryPoint) query.andWhere({ entry_point: entryPoint });
    return (await query.orderBy('created_at', 'asc')).map(toRecord);
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
    for (const record of rows.map(toRecord)) {
      for (const cluster of Object.keys(record.weightsAfter)) {
        if (
          !(cluster in last) &&
          record.weightsAfter[cluster] !== record.weightsBefore[cluster]
        ) {
          last[cluster] = record.createdAt;
        }
      }
    }
    return last;
  }
}

function toRecord(row: Row): ActionRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key ?? undefined,
    requestHash: row.request_hash ?? undefined,
    entityRef: row.entity_ref,
    entryPoint: row.entry_point,
    kind: row.kind as ActionRecord['kind'],
    cluster: row.cluster ?? undefined,
    actor: row.actor,
    reason: row.reason,
    outcome: row.outcome as ActionOutcome,
    error: row.error ?? undefined,
    weightsBefore: JSON.parse(row.weights_before),
    weightsAfter: JSON.parse(row.weights_after),
    recordsBefore: JSON.parse(row.records_before),
    recordsAfter: JSON.parse(row.records_after),
    expiresAt: row.expires_at ? date(row.expires_at) : undefined,
    createdAt: date(row.created_at),
  };
}

export function toHistory(action: ActionRecord): HistoryEntry {
  return {
    id: action.id,
    entryPoint: action.entryPoint,
    kind: action.kind,
    cluster: action.cluster,
    actor: action.actor,
    reason: action.reason,
    outcome: action.outcome,
    error: action.error,
    weightsBefore: action.weightsBefore,
    weightsAfter: action.weightsAfter,
    pullRequestUrl: action.recordsAfter.find(
      record => record.type === 'pull-request',
    )?.name,
    expiresAt: action.expiresAt?.toISOString(),
    createdAt: action.createdAt.toISOString(),
  };
}

export function toDrain(action: ActionRecord): Drain {
  return {
    actionId: action.id,
    actor: action.actor,
    reason: action.reason,
    createdAt: action.createdAt.toISOString(),
    expiresAt: action.expiresAt?.toISOString(),
  };
}
