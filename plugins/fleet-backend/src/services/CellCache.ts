import { CacheService } from '@backstage/backend-plugin-api';
import { FleetCell } from '@internal/plugin-fleet-common';
import { InFlight } from '@internal/plugin-fleet-node';

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
  now?: () => number;
}

/**
 * Keeps upstream load independent of the number of viewers:
 *
 * - a shared cache (Backstage's cache service: memory on the embedded
 *   default, Redis in production, so replicas share it);
 * - request coalescing: concurrent misses for one key wait on one read;
 * - stale-while-revalidate with a short grace: a stale cell is refreshed,
 *   and the viewer gets the new cell if it comes within `graceMs`, the stale
 *   one otherwise, so a viewer never waits on a cluster that answered
 *   recently, and a cluster that just died shows as dead on the next look.
 */
export class CellCache {
  private readonly inFlight = new InFlight<FleetCell>();

  constructor(private readonly options: CellCacheOptions) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async get(key: string, read: () => Promise<FleetCell>): Promise<FleetCell> {
    const cached = (await this.options.cache.get(key)) as FleetCell | undefined;
    if (cached) {
      const age = this.now() - Date.parse(cached.fetchedAt);
      const freshFor = cached.error
        ? this.options.errorMs
        : this.options.freshMs;
      if (age < freshFor) return cached;
      if (!cached.error && age < this.options.staleMs) {
        const refreshed = this.refresh(key, read);
        refreshed.catch(() => undefined);
        return withGrace(refreshed, this.options.graceMs ?? 250, cached);
      }
    }
    return this.refresh(key, read);
  }

  /** One read per key at a time; the result is stored for every later viewer. */
  private refresh(key: string, read: () => Promise<FleetCell>) {
    return this.inFlight.run(key, async () => {
      const cell = await read();
      await this.options.cache.set(key, cell as any, {
        ttl: this.options.staleMs,
      });
      return cell;
    });
  }
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
