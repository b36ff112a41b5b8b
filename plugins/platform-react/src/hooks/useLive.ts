import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { Polled, usePolled } from './usePolled';

/** What {@link useLive} listens to and how often it falls back to asking. */
export interface LiveOptions {
  /** Milliseconds between two loads when the app has no signals. */
  intervalMs: number;
  /** The Backstage signals channel that says the value changed. */
  channel: string;
}

/** With signals, polling only guards against a missed signal. */
const FALLBACK_FACTOR = 4;
/** A burst of signals (a cluster dies: every cell on it changes) is one load. */
const COALESCE_MS = 250;

/**
 * {@link usePolled}, live: loads again as soon as a signal arrives on
 * `channel`, and polls every `intervalMs` × 4 only as a fallback. Without a
 * signal API in the app (signals off), it polls every `intervalMs`; and
 * until a first signal has reached the page too, since an app may have the
 * API while its signals never arrive (a proxy that drops WebSockets), and
 * a page that waits 4 × as long for nothing is the worst of both.
 */
export function useLive<T>(
  load: () => Promise<T>,
  options: LiveOptions,
): Polled<T> {
  const signals = useApiHolder().get(signalApiRef);
  const [heard, setHeard] = useState(false);
  const polled = usePolled(load, {
    intervalMs:
      signals && heard
        ? options.intervalMs * FALLBACK_FACTOR
        : options.intervalMs,
  });
  const { reload } = polled;
  useEffect(() => {
    if (!signals) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = signals.subscribe(options.channel, () => {
      setHeard(true);
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, COALESCE_MS);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [signals, options.channel, reload]);
  return polled;
}
