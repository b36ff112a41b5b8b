import { act, renderHook } from '@testing-library/react';
import { usePolled } from './usePolled';

/** Lets the timers run for `ms` and the answers they started settle. */
const advance = (ms: number) =>
  act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });

/** A load whose answers the test gives, one per call, in any order. */
function controlledLoad() {
  const pending: {
    resolve: (v: number) => void;
    reject: (e: Error) => void;
  }[] = [];
  const load = jest.fn(
    () =>
      new Promise<number>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  );
  const settle = (i: number, outcome: number | Error) =>
    act(async () => {
      if (outcome instanceof Error) pending[i].reject(outcome);
      else pending[i].resolve(outcome);
    });
  return { load, settle };
}

describe('usePolled', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads at once and again every intervalMs', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(() =>
      usePolled(load, { intervalMs: 15_000 }),
    );
    await advance(0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(result.current.value).toBe(1);
    expect(result.current.error).toBeUndefined();

    await advance(14_999);
    expect(load).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe(2);

    await advance(30_000);
    expect(load).toHaveBeenCalledTimes(4);
    expect(result.current.value).toBe(4);
  });

  it('keeps the last value when a refresh fails, reports the error beside it, and clears it on the next success', async () => {
    const answers: (number | Error)[] = [1, new Error('upstream down'), 3];
    const load = jest.fn(async () => {
      const a = answers.shift()!;
      if (a instanceof Error) throw a;
      return a;
    });
    const { result } = renderHook(() =>
      usePolled(load, { intervalMs: 10_000 }),
    );
    await advance(0);
    expect(result.current.value).toBe(1);

    await advance(10_000);
    expect(result.current.value).toBe(1);
    expect(result.current.error?.message).toBe('upstream down');

    await advance(10_000);
    expect(result.current.value).toBe(3);
    expect(result.current.error).toBeUndefined();
  });

  it('reports the error with no value when the first load fails', async () => {
    const load = jest.fn(async () => {
      throw new Error('no answer');
    });
    const { result } = renderHook(() =>
      usePolled(load, { intervalMs: 10_000 }),
    );
    await advance(0);
    expect(result.current.value).toBeUndefined();
    expect(result.current.error?.message).toBe('no answer');
  });

  it('reload() loads at once, without waiting for the interval', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(() =>
      usePolled(load, { intervalMs: 15_000 }),
    );
    await advance(0);
    expect(result.current.value).toBe(1);

    await act(() => result.current.reload());
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe(2);
  });

  it('drops an answer that arrives after a newer one', async () => {
    const { load, settle } = controlledLoad();
    const { result } = renderHook(() =>
      usePolled(load, { intervalMs: 15_000 }),
    );
    await advance(0);
    await settle(0, 1);
    expect(result.current.value).toBe(1);

    // A poll is on its way when an action reloads; the reload answers first.
    await advance(15_000);
    act(() => {
      result.current.reload();
    });
    expect(load).toHaveBeenCalledTimes(3);
    await settle(2, 3);
    expect(result.current.value).toBe(3);
    await settle(1, 2);
    expect(result.current.value).toBe(3);
  });

  it('starts over when load changes, and drops the old answers', async () => {
    const { load: first, settle: settleFirst } = controlledLoad();
    const second = jest.fn(async () => 20);
    const { result, rerender } = renderHook(
      ({ load }) => usePolled(load, { intervalMs: 15_000 }),
      { initialProps: { load: first as () => Promise<number> } },
    );
    await advance(0);
    rerender({ load: second });
    await advance(0);
    expect(second).toHaveBeenCalledTimes(1);
    expect(result.current.value).toBe(20);

    await settleFirst(0, 10);
    expect(result.current.value).toBe(20);
    await advance(15_000);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('stops polling when unmounted', async () => {
    const load = jest.fn(async () => 1);
    const { unmount } = renderHook(() =>
      usePolled(load, { intervalMs: 15_000 }),
    );
    await advance(0);
    unmount();
    await advance(60_000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
