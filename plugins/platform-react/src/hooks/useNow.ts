import { useEffect, useState } from 'react';

/**
 * The current time (`Date.now()`), updated every `tickMs`: for countdowns
 * and "x s ago" that must move while the data under them does not.
 */
export function useNow(tickMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return now;
}
