import { act, renderHook } from '@testing-library/react';
import { useNow } from './useNow';

describe('useNow', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('is the time now, and moves every tick', () => {
    const start = Date.now();
    const { result } = renderHook(() => useNow(1000));
    expect(result.current).toBe(start);

    act(() => {
      jest.advanceTimersByTime(999);
    });
    expect(result.current).toBe(start);
    act(() => {
      jest.advanceTimersByTime(1);
    });
    expect(result.current).toBe(start + 1000);
    act(() => {
      jest.advanceTimersByTime(5000);
    });
    expect(result.current).toBe(start + 6000);
  });

  it('stops ticking when unmounted', () => {
    const { unmount } = renderHook(() => useNow(1000));
    unmount();
    expect(jest.getTimerCount()).toBe(0);
  });
});
