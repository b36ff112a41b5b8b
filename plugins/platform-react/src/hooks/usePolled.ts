import { useCallback, useEffect, useRef, useState } from 'react';

/** How often {@link usePolled} asks again. */
export interface PolledOptions {
  /** Milliseconds between two loads; each page keeps its own. */
  intervalMs: number;
}

/** What {@link usePolled} returns. */
export interface Polled<T> {
  /** The last value loaded; undefined until the first load succeeds. */
  value?: T;
  /** The error of the last load, if it failed; cleared by the next success. */
  error?: Error;
  /** Loads again now, as after an action, without waiting for the interval. */
  reload: () => Promise<void>;
}

/**
 * Loads a value now and every `intervalMs`. A failed refresh keeps the last
 * value and reports the error beside it, so a blip does not blank the page.
 *
 * `load` should be stable (`useCallback`): a new `load` starts over (the
 * answers of the old one that are still on their way are dropped). An answer
 * that arrives after a newer one (a slow poll overtaken by a `reload`) is
 * dropped too, so the page never goes back in time.
 */
export function usePolled<T>(
  load: () => Promise<T>,
  options: PolledOptions,
): Polled<T> {
  const { intervalMs } = options;
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  // Each load is numbered; only answers newer than the last one shown count.
  const started = useRef(0);
  const shown = useRef(0);
  // The load in use; answers of one it replaced are dropped.
  const current = useRef(load);

  const run = useCallback(async () => {
    const seq = ++started.current;
    const settle = (next: (s: { value?: T; error?: Error }) => typeof s) => {
      if (current.current !== load || seq < shown.current) return;
      shown.current = seq;
      setState(next);
    };
    try {
      const value = await load();
      settle(() => ({ value }));
    } catch (error) {
      settle(previous => ({ value: previous.value, error: error as Error }));
    }
  }, [load]);

  useEffect(() => {
    current.current = load;
    run();
  }, [load, run]);
  // Apart: a new interval (a live page slowing its fallback poll) restarts
  // the timer without a load of its own.
  useEffect(() => {
    const timer = setInterval(run, intervalMs);
    return () => clearInterval(timer);
  }, [run, intervalMs]);

  return { ...state, reload: run };
}
