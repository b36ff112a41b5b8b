import crypto from 'node:crypto';
import { CacheService } from '@backstage/backend-plugin-api';
import { FleetCell } from '@internal/plugin-fleet-common';
import { InFlight } from '@internal/plugin-platform-node';

export interface CellCacheOptions {
  cache: CacheService;
  /** Served as is below this age. */
  freshMs: number;
  /** Served at once, refreshed in the background, below this age. */
  staleMs: number;
  /** Error cells are retried after this age. */
  errorMs: number;
  /**
   * How long a viewer of a stale cell waits for its refresh before being
   * served the stale cell. A cluster that answers (or refuses) quickly is
   * shown as it is now; one that hangs does not hold the page.
   */
  graceMs?: number;
  /**
   * Several replicas share `cache` (Redis): one of them reads a cell for
   * all, under a lease kept in the cache. Without it each replica refreshes
   * the same stale cell at about the same moment, and upstream load grows
   * with the replica count (measured: 1.96x with two).
   */
  lease?: {
    /** How long a lease holds: above one read's deadline. */
    ttlMs: number;
    /**
     * Wait between taking a lease and checking it is still ours: every
     * replica that took it in the same instant has written by then, and
     * the last writer alone reads.
     */
    settleMs?: number;
  };
  /**
   * How long a cell's last answer (not an error) is kept beside it, for a
   * source that does not answer now (default a day): the fleet judges a
   * down cluster's N-1 headroom from its last known load.
   */
  lastAnsweredMs?: number;
  /**
   * How long a cell this process read or wrote is served from its own
   * memory without asking `cache`: reading every cell of 300 products back
   * from the cache store (a copy out of JSON each time) was most of what an
   * overview cost. With a memory store nobody else writes it, so the copy
   * here is the store's (default: `staleMs`); replicas sharing Redis set a
   * short one, the time another replica's change may go unseen here.
   */
  localMs?: number;
  now?: () => number;
}

const leaseKey = (key: string) => `lease:${key}`;
const lastAnsweredKey = (key: string) => `answered:${key}`;

/**
 * Keeps upstream load independent of the number of viewers:
 *
 * - a shared cache (Backstage's cache service: memory on the embedded
 *   default, Redis in production, so replicas share it);
 * - request coalescing: concurrent misses for one key wait on one read;
 * - stale-while-revalidate with a short grace: a stale cell is refreshed,
 *   and the viewer gets the new cell if it comes within `graceMs`, the stale
 *   one otherwise, so a viewer never waits on a cluster that answered
 *   recently, and a cluster that just died shows as dead on the next look;
 * - across replicas, a lease per cell in the shared cache: one replica
 *   reads, the others wait for its cell (see `lease`).
 */
export class CellCache {
  private readonly inFlight = new InFlight<FleetCell>();
  private readonly local = new Map<
    string,
    { cell: FleetCell; seenAt: number }
  >();
  private writes = 0;

  constructor(private readonly options: CellCacheOptions) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private get localMs() {
    return this.options.localMs ?? this.options.staleMs;
  }

  /** The cell under `key` as this process last saw it, if still trusted here. */
  private kept(key: string): FleetCell | undefined {
    const entry = this.local.get(key);
    return entry && this.now() - entry.seenAt < this.localMs
      ? entry.cell
      : undefined;
  }

  private keep(key: string, cell: FleetCell | undefined) {
    if (!cell) {
      this.local.delete(key);
      return;
    }
    this.local.set(key, { cell, seenAt: this.now() });
    // Now and then, forget cells nobody asked for in a while (products
    // that left the catalog), so the copy does not outgrow the store.
    this.writes += 1;
    if (this.writes % 10_000 === 0) {
      const before = this.now() - this.localMs;
      for (const [at, entry] of this.local) {
        if (entry.seenAt < before) this.local.delete(at);
      }
    }
  }

  /**
   * Another replica read the cell under `key` anew: this process's copy is
   * dropped, so the next reader takes the new one from the shared store.
   */
  forgetLocal(key: string) {
    this.local.delete(key);
  }

  private async stored(key: string): Promise<FleetCell | undefined> {
    const kept = this.kept(key);
    if (kept) return kept;
    const cell = (await this.options.cache.get(key)) as FleetCell | undefined;
    this.keep(key, cell);
    return cell;
  }

  private freshFor(cell: FleetCell) {
    return cell.error ? this.options.errorMs : this.options.freshMs;
  }

  /**
   * The cell for `key` if this process holds it and it is fresh: served
   * without a promise, a timer or a read (the common case, on every
   * overview).
   */
  fresh(key: string, since?: number): FleetCell | undefined {
    const cell = this.kept(key);
    return cell && this.isFresh(cell, since) ? cell : undefined;
  }

  /** Young enough, and (with `since`) read at or after it. */
  private isFresh(cell: FleetCell, since?: number) {
    const fetchedAt = Date.parse(cell.fetchedAt);
    return (
      this.now() - fetchedAt < this.freshFor(cell) &&
      (since === undefined || fetchedAt >= since)
    );
  }

  /**
   * The cell for `key`, read with `read` when missing or old. `onChange` is
   * told when this process's read gives a cell that reads differently from
   * the one before (status, summary or error): what open pages must show.
   * `since` (a refresh round's start): a cell read before it is read again
   * now and waited for, however fresh.
   */
  async get(
    key: string,
    read: () => Promise<FleetCell>,
    onChange?: (cell: FleetCell) => void,
    since?: number,
  ): Promise<FleetCell> {
    const cached = await this.stored(key);
    if (cached && since !== undefined && !this.isFresh(cached, since)) {
      return this.refresh(key, read, cached, onChange);
    }
    if (cached) {
      const age = this.now() - Date.parse(cached.fetchedAt);
      if (age < this.freshFor(cached)) return cached;
      if (!cached.error && age < this.options.staleMs) {
        const refreshed = this.refresh(key, read, cached, onChange);
        refreshed.catch(() => undefined);
        return withGrace(refreshed, this.options.graceMs ?? 250, cached);
      }
    }
    return this.refresh(key, read, cached, onChange);
  }

  /**
   * Reads the cell for `key` now, whatever its age (someone changed what it
   * reads); viewers get the new cell from then on, `onChange` is told as
   * after any read.
   */
  async renew(
    key: string,
    read: () => Promise<FleetCell>,
    onChange?: (cell: FleetCell) => void,
  ): Promise<FleetCell> {
    return this.refresh(key, read, await this.stored(key), onChange);
  }

  /** The last cell under `key` that was an answer, not an error (kept `lastAnsweredMs`). */
  async lastAnswered(key: string): Promise<FleetCell | undefined> {
    return (await this.options.cache.get(lastAnsweredKey(key))) as
      | FleetCell
      | undefined;
  }

  /** One read per key at a time; the result is stored for every later viewer. */
  private refresh(
    key: string,
    read: () => Promise<FleetCell>,
    previous?: FleetCell,
    onChange?: (cell: FleetCell) => void,
  ) {
    return this.inFlight.run(key, async () => {
      if (this.options.lease && !(await this.takeLease(key))) {
        // Another replica is reading this cell: its result is ours too.
        const theirs = await this.waitForCell(key, previous);
        if (theirs) {
          this.keep(key, theirs);
          return theirs;
        }
      }
      const cell = await read();
      this.keep(key, cell);
      await this.options.cache.set(key, cell as any, {
        ttl: this.options.staleMs,
      });
      if (!cell.error) {
        await this.options.cache.set(lastAnsweredKey(key), cell as any, {
          ttl: this.options.lastAnsweredMs ?? 24 * 3600_000,
        });
      }
      if (this.options.lease) await this.options.cache.delete(leaseKey(key));
      // Only the reader tells: a replica that waited on another's lease got
      // a cell the other one has already announced.
      if (onChange && (!previous || readsDifferently(previous, cell))) {
        onChange(cell);
      }
      return cell;
    });
  }

  /**
   * Check, take, settle, verify: the cache service has no atomic
   * set-if-absent, so a replica writes its token, waits `settleMs` for
   * every replica that raced it to write theirs, and reads on only if the
   * token is still its own (the last writer wins, and only it).
   */
  private async takeLease(key: string): Promise<boolean> {
    const { cache, lease } = this.options;
    if (await cache.get(leaseKey(key))) return false;
    const token = crypto.randomUUID();
    await cache.set(leaseKey(key), token, { ttl: lease!.ttlMs });
    await new Promise(resolve => setTimeout(resolve, lease!.settleMs ?? 20));
    return (await cache.get(leaseKey(key))) === token;
  }

  /**
   * The cell the lease holder writes (any cell but `previous`, so clocks of
   * different replicas need not agree); undefined if it does not come.
   */
  private async waitForCell(
    key: string,
    previous?: FleetCell,
  ): Promise<FleetCell | undefined> {
    const deadline = Date.now() + this.options.lease!.ttlMs;
    while (Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 25));
      const cell = (await this.options.cache.get(key)) as FleetCell | undefined;
      if (cell && cell.fetchedAt !== previous?.fetchedAt) return cell;
      // The holder finished without writing (or died): read ourselves.
      if (!(await this.options.cache.get(leaseKey(key)))) break;
    }
    return undefined;
  }
}

/** Whether a viewer would see a difference (fetchedAt aside). */
function readsDifferently(before: FleetCell, after: FleetCell): boolean {
  return (
    before.status !== after.status ||
    before.summary !== after.summary ||
    before.error?.message !== after.error?.message
  );
}

/** The refreshed value if it arrives in time (and succeeds), the fallback otherwise. */
function withGrace<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<T>(resolve => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() =>
    clearTimeout(timer),
  );
}
