import crypto from 'node:crypto';
import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import { EvacuationRun, EvacuationStep } from '@internal/plugin-traffic-common';

type Row = {
  id: string;
  cluster: string;
  mode: string;
  return_of: string | null;
  actor: string;
  reason: string;
  continue_on_refusal: boolean | number;
  status: string;
  active_cluster: string | null;
  steps: string;
  predicted_convergence_seconds: number | null;
  verified_after_seconds: number | null;
  dns_clear_after_seconds: number | null;
  slo_ok_after_seconds: number | null;
  watch_until: Date | string | null;
  freeze_until: Date | string | null;
  lease_until: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
};

const iso = (value: Date | string) =>
  (value instanceof Date ? value : new Date(value)).toISOString();

/** How long after a run the portal watches its products' SLOs recover. */
export const WATCH_SLO_MS = 3600_000;

/**
 * The columns a run's state implies, for the queries of the background
 * task: the freeze to lift (a freeze step that paused something, not yet
 * thawed) and the SLO recovery to watch (a finished run that moved
 * traffic, until its SLOs are OK or an hour has passed).
 */
function derived(run: EvacuationRun) {
  const freeze = run.steps.find(step => step.kind === 'freeze');
  const frozen =
    freeze?.frozen?.length && !freeze.thawedAt ? freeze.expiresAt : undefined;
  const moved = run.steps.some(
    step => step.kind === 'entry-point' && step.status === 'applied',
  );
  const watch =
    run.mode === 'run' &&
    run.finishedAt &&
    moved &&
    run.sloOkAfterSeconds === undefined
      ? new Date(Date.parse(run.finishedAt) + WATCH_SLO_MS)
      : undefined;
  return {
    verified_after_seconds: run.verifiedAfterSeconds ?? null,
    dns_clear_after_seconds: run.dnsClearAfterSeconds ?? null,
    slo_ok_after_seconds: run.sloOkAfterSeconds ?? null,
    freeze_until: frozen ? new Date(frozen) : null,
    watch_until: watch ?? null,
  };
}

/** A unique constraint refused the row (PostgreSQL or SQLite words). */
const isUniqueViolation = (error: unknown) =>
  /unique|duplicate key/i.test(String((error as Error)?.message ?? error));

/**
 * traffic_evacuations: each run with its steps, written after every step.
 * A run that moves traffic holds its cluster in `active_cluster` (unique):
 * the database refuses a second one at the same time, across replicas.
 */
export class EvacuationStore {
  constructor(private readonly db: Knex) {}

  static newId() {
    return crypto.randomUUID();
  }

  /** Records a new run; a `run`/`return` while another holds the cluster is a conflict. */
  async create(run: EvacuationRun, now: Date): Promise<void> {
    const holds = run.mode !== 'rehearsal' && run.status === 'running';
    try {
      await this.db('traffic_evacuations').insert({
        id: run.id,
        cluster: run.cluster,
        mode: run.mode,
        return_of: run.returnOf ?? null,
        actor: run.actor,
        reason: run.reason,
        continue_on_refusal: run.continueOnRefusal,
        status: run.status,
        active_cluster: holds ? run.cluster : null,
        steps: JSON.stringify(run.steps),
        predicted_convergence_seconds: run.predictedConvergenceSeconds ?? null,
        ...derived(run),
        created_at: new Date(run.createdAt),
        updated_at: now,
        finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const other = await this.active(run.cluster);
      throw new ConflictError(
        other
          ? `${run.cluster} is already being evacuated or returned (${other.mode} ${other.id} by ${other.actor}, since ${other.createdAt}); wait for it or resume it`
          : `${run.cluster} is already being evacuated or returned`,
      );
    }
  }

  /** Writes a run's steps and status; a finished run lets go of its cluster. */
  async save(run: EvacuationRun, now: Date): Promise<void> {
    const finished = run.status !== 'running';
    await this.db('traffic_evacuations')
      .where({ id: run.id })
      .update({
        status: run.status,
        steps: JSON.stringify(run.steps),
        ...derived(run),
        updated_at: now,
        finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
        ...(finished && { active_cluster: null, lease_until: null }),
      });
  }

  /**
   * Takes a run to execute it until `until` (this replica's lease): only
   * when no other replica holds a lease that has not lapsed. Resuming a
   * stopped run takes its cluster again, if nothing else holds it.
   */
  async claim(id: string, now: Date, until: Date): Promise<boolean> {
    try {
      const claimed = await this.db('traffic_evacuations')
        .where({ id })
        .whereIn('status', ['running', 'stopped'])
        .andWhere(query =>
          query.whereNull('lease_until').orWhere('lease_until', '<', now),
        )
        .update({
          status: 'running',
          lease_until: until,
          updated_at: now,
          active_cluster: this.db.raw(
            "case when mode = 'rehearsal' then null else cluster end",
          ),
        });
      return claimed > 0;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Extends the lease of the replica executing a run (after each step). */
  async renew(id: string, until: Date): Promise<void> {
    await this.db('traffic_evacuations')
      .where({ id, status: 'running' })
      .update({ lease_until: until });
  }

  async get(id: string): Promise<EvacuationRun | undefined> {
    const row = await this.db<Row>('traffic_evacuations').where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  /** The run holding the cluster now, if any. */
  async active(cluster: string): Promise<EvacuationRun | undefined> {
    const row = await this.db<Row>('traffic_evacuations')
      .where({ active_cluster: cluster })
      .first();
    return row ? toRun(row) : undefined;
  }

  async list(cluster: string, limit = 20): Promise<EvacuationRun[]> {
    const rows = await this.db<Row>('traffic_evacuations')
      .where({ cluster })
      .orderBy('created_at', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  async lastRehearsal(cluster: string): Promise<EvacuationRun | undefined> {
    const row = await this.db<Row>('traffic_evacuations')
      .where({ cluster, mode: 'rehearsal' })
      .orderBy('created_at', 'desc')
      .first();
    return row ? toRun(row) : undefined;
  }

  /** Runs whose freeze is due to be lifted (its expiry has passed). */
  async freezesDue(now: Date): Promise<EvacuationRun[]> {
    const rows = await this.db<Row>('traffic_evacuations')
      .whereNotNull('freeze_until')
      .andWhere('freeze_until', '<', now)
      .andWhereNot({ status: 'running' });
    return rows.map(toRun);
  }

  /** Finished runs whose products' SLO recovery is still being watched. */
  async watched(now: Date): Promise<EvacuationRun[]> {
    const rows = await this.db<Row>('traffic_evacuations')
      .whereNotNull('watch_until')
      .andWhere('watch_until', '>', now);
    return rows.map(toRun);
  }

  /** Runs left running with a lapsed lease: their replica stopped. */
  async orphaned(now: Date): Promise<EvacuationRun[]> {
    const rows = await this.db<Row>('traffic_evacuations')
      .where({ status: 'running' })
      .andWhere(query =>
        query.whereNull('lease_until').orWhere('lease_until', '<', now),
      );
    return rows.map(toRun);
  }
}

function toRun(row: Row): EvacuationRun {
  return {
    id: row.id,
    cluster: row.cluster,
    mode: row.mode as EvacuationRun['mode'],
    returnOf: row.return_of ?? undefined,
    actor: row.actor,
    reason: row.reason,
    continueOnRefusal: Boolean(row.continue_on_refusal),
    status: row.status as EvacuationRun['status'],
    steps: JSON.parse(row.steps) as EvacuationStep[],
    predictedConvergenceSeconds: row.predicted_convergence_seconds ?? undefined,
    verifiedAfterSeconds: row.verified_after_seconds ?? undefined,
    dnsClearAfterSeconds: row.dns_clear_after_seconds ?? undefined,
    sloOkAfterSeconds: row.slo_ok_after_seconds ?? undefined,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : undefined,
  };
}
