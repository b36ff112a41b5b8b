/*
 * Template values: how Go values are represented, their kinds, type names
 * and truth.
 *
 * undefined  an invalid reflect.Value (missing map key, "<no value>")
 * null       a nil interface{} (JSON null inside the data)
 * number     int64 when integral, else float64 (the data's numbers)
 * GoNum      the other Go number types: int (literals, len, range indexes),
 *            uint8 (index of a string) and integral float64 literals
 * NilMap     a typed nil map[string]interface{} (getComposedResource misses)
 * arrays     []interface{}; objects map[string]interface{} (null prototype)
 */

type GoNumType = 'int' | 'uint8' | 'float64';

export class GoNum {
  constructor(readonly type: GoNumType, readonly value: number) {}
}

export class NilMap {
  readonly nilMap = true;
}
export const NIL_MAP = new NilMap();

export interface GoMap {
  [key: string]: Value;
}

export type Value =
  | undefined
  | null
  | string
  | boolean
  | number
  | GoNum
  | NilMap
  | Value[]
  | GoMap;

export type Kind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'string'
  | 'slice'
  | 'map';

const isInt64 = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

export function isGoMap(v: Value): v is GoMap {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof GoNum) &&
    !(v instanceof NilMap)
  );
}

export const isMapLike = (v: Value): v is GoMap | NilMap =>
  v instanceof NilMap || isGoMap(v);

export const hasOwn = (m: GoMap, key: string) =>
  Object.prototype.hasOwnProperty.call(m, key);

export function newMap(): GoMap {
  return Object.create(null);
}

export function kindOf(v: Value): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int' : 'float';
  if (v instanceof GoNum) {
    if (v.type === 'int') return 'int';
    if (v.type === 'uint8') return 'uint';
    return 'float';
  }
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** The numeric value of a number of any kind. */
export const numOf = (v: Value): number =>
  v instanceof GoNum ? v.value : (v as number);

/** Go's name for the dynamic type of a value, for error messages. */
export function typeName(v: Value): string {
  if (v === undefined) return '<nil>';
  if (v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64';
  if (v instanceof GoNum) return v.type;
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isEmpty(v: Value): boolean {
  if (v === undefined || v === null || v instanceof NilMap) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoNum) return v.value === 0;
  return Object.keys(v).length === 0;
}

export const truth = (v: Value) => !isEmpty(v);

/** Converts the caller's data the way it reaches the template: through JSON. */
export function fromJson(data: unknown): Value {
  const text = JSON.stringify(data);
  if (text === undefined) return undefined;
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.assign(newMap(), value)
      : value,
  );
}

/** Go compares strings byte-wise (UTF-8), that is by code point. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after the rest of the BMP.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

export const sortedKeys = (m: GoMap) => Object.keys(m).sort(compareStrings);

export const runeCount = (s: string) => Array.from(s).length;
