/**
 * Argo CD's `fields` query parameter, as its API server applies it to a
 * response (the gRPC gateway's message marshaler, `processItem` in
 * argo-cd's util/http forwarder): `fields=a.b,c` keeps each key whose dotted
 * path is listed or is a string prefix of a listed one, and drops the rest;
 * `fields=-a.b` drops the listed paths and keeps the rest. Arrays are walked
 * with their parent's path (no index), so `items.metadata.name` reaches
 * every item's name.
 */
export function projectFields<T>(response: T, fieldsQuery: string): T {
  if (!fieldsQuery) return response;
  const exclude = fieldsQuery.startsWith('-');
  const fields = new Set(
    (exclude ? fieldsQuery.slice(1) : fieldsQuery).split(','),
  );
  const copy = JSON.parse(JSON.stringify(response));
  processItem([], copy, fields, exclude);
  return copy;
}

function processItem(
  path: string[],
  item: unknown,
  fields: Set<string>,
  exclude: boolean,
) {
  if (Array.isArray(item)) {
    for (const element of item) processItem(path, element, fields, exclude);
    return;
  }
  if (!item || typeof item !== 'object') return;
  const object = item as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const fieldPath = [...path, key].join('.');
    const pathIn = fields.has(fieldPath);
    const parentPathIn =
      pathIn || [...fields].some(field => field.startsWith(fieldPath));
    const keep = exclude ? !pathIn : parentPathIn;
    if (!keep) delete object[key];
    else if (!pathIn) processItem([...path, key], object[key], fields, exclude);
  }
}
