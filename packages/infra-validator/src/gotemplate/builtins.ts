/*
 * Template function signatures and text/template's builtin functions
 * (comparisons, len, index, print).
 */
import { Buffer } from 'node:buffer';
import { CallError } from './errors';
import { fmtV, sprint, sprintf } from './printf';
import { formatInt } from './strconv';
import {
  compareStrings,
  GoNum,
  hasOwn,
  isGoMap,
  isMapLike,
  Kind,
  kindOf,
  NilMap,
  numOf,
  truth,
  typeName,
  Value,
} from './values';

/** How text/template passes an argument: the Go parameter type. */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'map';

export interface Func {
  params: ParamType[];
  variadic?: ParamType;
  call: (args: Value[]) => Value;
}

export const PARAM_TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  map: 'map[string]interface {}',
};

export const str = (v: Value) => v as string;
export const int = (v: Value) => (v as GoNum).value;

function basicKind(v: Value): Kind {
  const k = kindOf(v);
  return k === 'slice' || k === 'map' ? 'invalid' : k;
}

export const isValid = (v: Value) => v !== undefined && v !== null;
const isNilValue = (v: Value) =>
  v === undefined || v === null || v instanceof NilMap;

function reflectKind(v: Value): string {
  if (v === undefined || v === null) return 'invalid';
  return Array.isArray(v) ? 'slice' : kindOf(v);
}

function goEq(a: Value, others: Value[]): boolean {
  if (others.length === 0)
    throw new CallError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of others) {
    const k2 = basicKind(b);
    let equal = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint')
        equal = numOf(a) >= 0 && numOf(a) === numOf(b);
      else if (k1 === 'uint' && k2 === 'int')
        equal = numOf(b) >= 0 && numOf(a) === numOf(b);
      else if (isValid(a) && isValid(b)) {
        throw new CallError(
          `incompatible types for comparison: ${typeName(a)} and ${typeName(
            b,
          )}`,
        );
      }
    } else if (k1 === 'bool' || k1 === 'string') {
      equal = a === b;
    } else if (k1 === 'int' || k1 === 'uint' || k1 === 'float') {
      equal = numOf(a) === numOf(b);
    } else {
      if (reflectKind(a) !== reflectKind(b) && isValid(a) && isValid(b)) {
        throw new CallError(
          `non-comparable types ${fmtV(a)}: ${typeName(a)}, ${typeName(
            b,
          )}: ${fmtV(b)}`,
        );
      }
      if (!isNilValue(a) && !isNilValue(b)) {
        throw new CallError(`non-comparable type ${fmtV(b)}: ${typeName(b)}`);
      }
      equal = isNilValue(a) === isNilValue(b);
    }
    if (equal) return true;
  }
  return false;
}

function goLt(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid')
    throw new CallError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint')
      return numOf(a) < 0 || numOf(a) < numOf(b);
    if (k1 === 'uint' && k2 === 'int')
      return numOf(b) >= 0 && numOf(a) < numOf(b);
    throw new CallError(
      `incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`,
    );
  }
  if (k1 === 'bool') throw new CallError('invalid type for comparison');
  if (k1 === 'string') return compareStrings(a as string, b as string) < 0;
  return numOf(a) < numOf(b);
}

const goLe = (a: Value, b: Value) => goLt(a, b) || goEq(a, [b]);

function goLen(v: Value): Value {
  if (v === null) throw new CallError('len of nil pointer');
  if (v === undefined)
    throw new CallError('reflect: call of reflect.Value.Type on zero Value');
  let n: number;
  if (typeof v === 'string') n = Buffer.byteLength(v);
  else if (Array.isArray(v)) n = v.length;
  else if (v instanceof NilMap) n = 0;
  else if (isGoMap(v)) n = Object.keys(v).length;
  else throw new CallError(`len of type ${typeName(v)}`);
  return new GoNum('int', n);
}

function indexArg(v: Value, cap: number): number {
  const k = kindOf(v);
  if (k === 'int' || k === 'uint') {
    const x = numOf(v);
    if (x < 0 || x > cap)
      throw new CallError(`index out of range: ${formatInt(x)}`);
    return x;
  }
  if (v === undefined || v === null)
    throw new CallError('cannot index slice/array with nil');
  throw new CallError(`cannot index slice/array with type ${typeName(v)}`);
}

function goIndex(item: Value, indexes: Value[]): Value {
  if (item === undefined || item === null)
    throw new CallError('index of untyped nil');
  let cur: Value = item;
  for (const index of indexes) {
    if (cur === null || cur === undefined)
      throw new CallError('index of nil pointer');
    if (typeof cur === 'string') {
      const bytes: Buffer = Buffer.from(cur, 'utf8');
      const x = indexArg(index, bytes.length);
      if (x === bytes.length)
        throw new CallError('reflect: string index out of range');
      cur = new GoNum('uint8', bytes[x]);
    } else if (Array.isArray(cur)) {
      const x = indexArg(index, cur.length);
      if (x === cur.length)
        throw new CallError('reflect: slice index out of range');
      cur = cur[x];
    } else if (isMapLike(cur)) {
      if (index === undefined || index === null)
        throw new CallError('value is nil; should be of type string');
      if (typeof index !== 'string')
        throw new CallError(
          `value has type ${typeName(index)}; should be string`,
        );
      cur = isGoMap(cur) && hasOwn(cur, index) ? cur[index] : null;
    } else {
      throw new CallError(`can't index item of type ${typeName(cur)}`);
    }
  }
  return cur;
}

/** text/template's builtin functions, keyed by name. */
export const BUILTIN_FUNCS: Record<string, Func> = {
  // text/template builtins
  and: { params: ['value'], variadic: 'value', call: () => undefined },
  or: { params: ['value'], variadic: 'value', call: () => undefined },
  not: { params: ['value'], call: ([a]) => !truth(a) },
  len: { params: ['value'], call: ([a]) => goLen(a) },
  index: {
    params: ['value'],
    variadic: 'value',
    call: ([a, ...rest]) => goIndex(a, rest),
  },
  print: { params: [], variadic: 'any', call: args => sprint(args) },
  printf: {
    params: ['string'],
    variadic: 'any',
    call: ([f, ...rest]) => sprintf(str(f), rest),
  },
  eq: {
    params: ['value'],
    variadic: 'value',
    call: ([a, ...rest]) => goEq(a, rest),
  },
  ne: { params: ['value', 'value'], call: ([a, b]) => !goEq(a, [b]) },
  lt: { params: ['value', 'value'], call: ([a, b]) => goLt(a, b) },
  le: { params: ['value', 'value'], call: ([a, b]) => goLe(a, b) },
  gt: { params: ['value', 'value'], call: ([a, b]) => !goLe(a, b) },
  ge: { params: ['value', 'value'], call: ([a, b]) => !goLt(a, b) },
};
