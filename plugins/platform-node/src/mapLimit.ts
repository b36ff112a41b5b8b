/**
 * Like `Promise.all(items.map(fn))`, with at most `limit` calls running at
 * once; results in the items' order. For work against a rate-limited API
 * (Route 53 allows five requests a second): started all at once, calls
 * would wait in its queue and run out their own deadlines there.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  return results;
}
