import { useCallback, useEffect, useState } from 'react';
import { REFRESH_MS } from './refresh';

/**
 * Loads a value now and every REFRESH_MS. A failed refresh keeps the last
 * value and reports the error beside it, so a blip does not blank the page.
 */
export function usePolled<T>(load: () => Promise<T>) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<Error>();
  const run = useCallback(async () => {
    try {
      setValue(await load());
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  }, [load]);
  useEffect(() => {
    run();
    const timer = setInterval(run, REFRESH_MS);
    return () => clearInterval(timer);
  }, [run]);
  return { value, error };
}
