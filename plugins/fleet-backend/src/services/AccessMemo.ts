/**
 * Remembers, per user and entity, what the catalog and the permission
 * framework answered, for a few seconds. A page polling the fleet view (or
 * fifty people on one incident) would otherwise repeat the same catalog read
 * and authorization round trips on every request. Changes to ownership or
 * policy take effect within the TTL.
 */
export class AccessMemo<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = compute();
    this.entries.set(key, { at: this.now(), value });
    // A failed lookup is not remembered: the next request asks again.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
