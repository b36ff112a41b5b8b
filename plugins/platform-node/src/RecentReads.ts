/**
 * One upstream read serves every reader for a short while: the fleet reads a
 * cluster's whole list (its Argo CD applications, its workloads, its SLO
 * series) once and every product's cell on that cluster picks its own part
 * out of it, so the upstream cost of a refresh is per cluster, not per
 * product × cluster.
 *
 * A read's value is kept for `ttlMs`; a failure is not kept (a cluster
 * that just came back is asked again at once), but readers that come while
 * a read runs share it, so a round of cells on a dead cluster asks it once. The read runs on its own deadline (`timeoutMs`), not
 * on a reader's signal, since others wait on it; a reader whose own signal
 * aborts stops waiting without cancelling it for the rest.
 */
export class RecentReads<T> {
  private readonly entries = new Map<
    string,
    { result: Promise<T>; startedAt: number; settledAt?: number }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      timeoutMs: number;
      /**
       * A read running longer than this is not joined: the next reader
       * starts another (the one that hangs is left to finish or time out).
       * Default: `timeoutMs`.
       */
      joinMs?: number;
      now?: () => number;
    },
  ) {}

  /**
   * `renew`: the caller needs a reading taken now (a change was just made
   * through the portal), so a kept one is not served; the new read then
   * serves the others as usual.
   *
   * `since`: a kept reading started at or after this moment serves however
   * old it is (a refresh round passes its start, so each key is read once
   * per round even when the round outlasts `ttlMs`).
   */
  async get(
    key: string,
    read: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
    options?: { renew?: boolean; since?: number },
  ): Promise<T> {
    const now = this.options.now ?? Date.now;
    const existing = this.entries.get(key);
    const joinMs = this.options.joinMs ?? this.options.timeoutMs;
    const running = existing && existing.settledAt === undefined;
    const fresh =
      existing &&
      !options?.renew &&
      (running
        ? now() - existing.startedAt < joinMs
        : now() - existing.settledAt! < this.options.ttlMs ||
          (options?.since !== undefined &&
            existing.startedAt >= options.since));
    let result = existing?.result;
    if (!fresh || !result) {
      const entry: {
        result: Promise<T>;
        startedAt: number;
        settledAt?: number;
      } = {
        startedAt: now(),
        result: Promise.resolve().then(() =>
          read(AbortSignal.timeout(this.options.timeoutMs)),
        ),
      };
      // Marks this read's own entry: one replaced because it hung past
      // joinMs settles without touching the newer one. A failure is
      // forgotten at once.
      entry.result.then(
        () => {
          entry.settledAt = now();
        },
        () => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
        },
      );
      this.entries.set(key, entry);
      result = entry.result;
    }
    return signal ? untilAborted(result, signal) : result;
  }

  /** What was read under `key` no longer holds: the next reader reads again. */
  forget(key: string) {
    this.entries.delete(key);
  }

  /** Keys with a read kept or running, for tests and diagnostics. */
  get size() {
    return this.entries.size;
  }
}

/** The result, or the reader's own abort if that comes first. */
function untilAborted<T>(result: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    result.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
