/** Plain-data helpers for parsed YAML objects and their metadata. */

export type Obj = Record<string, unknown>;

export const isMap = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const clone = <T>(v: T): T => structuredClone(v);

export const isEmptyMap = (v: unknown) =>
  isMap(v) && Object.keys(v).length === 0;

/** The text of a YAML scalar node (kyaml's `YNode().Value`); '' for null and collections. */
export function scalarText(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  return String(v);
}

/** Byte-wise string order, as Go's sort.Strings. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isMap(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort(byteCompare)) out[k] = sortKeysDeep(v[k]);
  return out;
}

export function metadataOf(obj: Obj): Obj {
  if (!isMap(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

export const getName = (obj: Obj) =>
  isMap(obj.metadata) ? scalarText(obj.metadata.name) : '';
export const getNamespace = (obj: Obj) =>
  isMap(obj.metadata) ? scalarText(obj.metadata.namespace) : '';
export const getKind = (obj: Obj) => scalarText(obj.kind);
export const getApiVersion = (obj: Obj) => scalarText(obj.apiVersion);

export function setNamespace(obj: Obj, ns: string) {
  if (ns) metadataOf(obj).namespace = ns;
  else if (isMap(obj.metadata)) delete obj.metadata.namespace;
}

export function stringMap(obj: Obj, field: 'labels' | 'annotations'): Obj {
  const m = isMap(obj.metadata) ? obj.metadata[field] : undefined;
  return isMap(m) ? m : {};
}
