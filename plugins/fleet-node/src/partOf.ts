/**
 * Parts of kept cluster lists, worked out once per list: one list (a
 * central Argo CD's applications, a cluster's pods) serves hundreds of
 * cells, and each cell filtering the whole list again was, at 300
 * products on 30 clusters, the largest share of a refresh round's own
 * work. Kept as long as the list is (a WeakMap on the list itself).
 */
const parts = new WeakMap<readonly object[], Map<string, readonly object[]>>();

/**
 * The items of `list` that `test` keeps; `key` names the test (the same
 * key must always mean the same test, e.g. `namespace:shop`).
 */
export function partOf<T extends object>(
  list: readonly T[],
  key: string,
  test: (item: T) => boolean,
): readonly T[] {
  let byKey = parts.get(list);
  if (!byKey) {
    byKey = new Map();
    parts.set(list, byKey);
  }
  let part = byKey.get(key) as readonly T[] | undefined;
  if (!part) {
    part = list.filter(test);
    byKey.set(key, part);
  }
  return part;
}
