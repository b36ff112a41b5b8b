import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { useLive } from './useLive';

const advance = (ms: number) =>
  act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });

/** A signal API whose channels the test sends on. */
function fakeSignals() {
  const listeners = new Map<string, Set<() => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      const listener = () => onMessage({} as any);
      set.add(listener);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(listener) };
    },
  };
  const send = (channel: string) =>
    act(async () => {
      for (const listener of listeners.get(channel) ?? []) listener();
    });
  const subscribers = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { api, send, subscribers };
}

describe('useLive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads again when a signal arrives on its channel, a burst as one load, and polls only as a fallback', async () => {
    const signals = fakeSignals();
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result, unmount } = renderHook(
      () => useLive(load, { intervalMs: 15_000, channel: 'fleet:overview' }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[[signalApiRef, signals.api]]}>
            {children}
          </TestApiProvider>
        ),
      },
    );
    await advance(0);
    expect(load).toHaveBeenCalledTimes(1);

    // Three cells change at once: one load, 250 ms later.
    await signals.send('fleet:overview');
    await signals.send('fleet:overview');
    await signals.send('fleet:overview');
    await advance(249);
    expect(load).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe(2);

    // Another channel is not ours.
    await signals.send('fleet:cluster:aws-use1-prod-01');
    await advance(1000);
    expect(load).toHaveBeenCalledTimes(2);

    // The fallback poll: 4 × 15 s, not 15 s.
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(2);
    await advance(45_000);
    expect(load).toHaveBeenCalledTimes(3);

    unmount();
    expect(signals.subscribers('fleet:overview')).toBe(0);
  });

  it('polls every intervalMs until a first signal reaches the page', async () => {
    // The app has the signals API, but nothing arrives (a proxy that drops
    // WebSockets): the page must not wait 4 × as long.
    const signals = fakeSignals();
    const load = jest.fn(async () => 1);
    renderHook(
      () => useLive(load, { intervalMs: 15_000, channel: 'fleet:overview' }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[[signalApiRef, signals.api]]}>
            {children}
          </TestApiProvider>
        ),
      },
    );
    await advance(0);
    await advance(15_000);
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(3);
    // A signal: its load, then the slow fallback from then on.
    await signals.send('fleet:overview');
    await advance(250);
    expect(load).toHaveBeenCalledTimes(4);
    await advance(30_000);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('polls every intervalMs when the app has no signals', async () => {
    const load = jest.fn(async () => 1);
    renderHook(
      () => useLive(load, { intervalMs: 15_000, channel: 'fleet:overview' }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    await advance(0);
    await advance(15_000);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
