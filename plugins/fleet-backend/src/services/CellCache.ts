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
  now?: () => number;
}

/**
 * Keeps upstream load independent of the number of viewers:
 *
 * - a shared cache (Backstage's cache service: memory on the embedded
 *   default, Redis in production, so replicas share it);
 * - request coalescing: concurrent misses for one key wait on one read;
 * - stale-while-revalidate: a stale cell is served at once and refreshed in
 *   the background, so a viewer never waits on a cluster that answered
 *   recently.
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
        void this.refresh(key, read).catch(() => undefined);
        return cached;
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
