/**
 * Keeps calls within a rate: at most `limit` started in any `windowMs`.
 * Route 53's API allows five requests per second per account and answers
 * more with Throttling errors; an evacuation drains tens of entry points
 * at once, so the provider waits its turn instead of being throttled (the
 * SDK's retries remain for what other clients of the account spend).
 * Per process: replicas of the portal each keep their own window.
 */
export function slidingWindow(options: {
  limit: number;
  windowMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}) {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
  // Start times of the last `limit` calls, oldest first.
  const started: number[] = [];
  // Calls take their turn in order: each waits for the one before it.
  let queue: Promise<void> = Promise.resolve();

  const turn = async () => {
    for (;;) {
      const time = now();
      while (started.length && started[0] <= time - options.windowMs) {
        started.shift();
      }
      if (started.length < options.limit) {
        started.push(time);
        return;
      }
      await sleep(started[0] + options.windowMs - time);
    }
  };

  return async function paced<T>(call: () => Promise<T>): Promise<T> {
    const mine = queue.then(turn);
    queue = mine.catch(() => undefined);
    await mine;
    return call();
  };
}
