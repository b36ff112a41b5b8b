/**
 * Shares identical reads while they run: the second caller for a key waits on
 * the first caller's promise instead of asking the upstream again. Nothing is
 * kept once the read settles (caching is the fleet backend's job).
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, read: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const started = read().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  /** Reads running now, for tests and diagnostics. */
  get size() {
    return this.pending.size;
  }
}
