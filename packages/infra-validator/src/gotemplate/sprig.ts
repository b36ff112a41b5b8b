/*
 * The Sprig (v3.3.0) functions the renderer supports, with the
 * encoding/json port behind toJson.
 */
import { Buffer } from 'node:buffer';
import { Func, int, isValid, str } from './builtins';
import { CallError } from './errors';
import { fmtV } from './printf';
import { formatInt, goQuote, hex, parseGoInt64 } from './strconv';
import {
  GoNum,
  hasOwn,
  isEmpty,
  isGoMap,
  kindOf,
  newMap,
  NilMap,
  numOf,
  runeCount,
  sortedKeys,
  Value,
} from './values';

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (JSON_ESCAPES[ch]) out += JSON_ESCAPES[ch];
    else if (cp < 0x20) out += `\\u${hex(cp, 4)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

class JsonUnsupportedValue extends Error {}

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonUnsupportedValue();
  if (Object.is(f, -0)) return '-0';
  // Go uses %f for 1e-6 <= |f| < 1e21 and %e (e-7, not e-07) outside, as JS does.
  return String(f);
}

function jsonEncode(v: Value): string {
  if (v === undefined || v === null || v instanceof NilMap) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  if (isGoMap(v)) {
    return `{${sortedKeys(v)
      .map(k => `${jsonString(k)}:${jsonEncode(v[k])}`)
      .join(',')}}`;
  }
  return kindOf(v) === 'float' ? jsonFloat(numOf(v)) : formatInt(numOf(v));
}

/** Sprig's strval: strings as they are, anything else through fmt's %v. */
const strval = (v: Value) => (typeof v === 'string' ? v : fmtV(v));

/** spf13/cast.ToInt64, as Sprig's add and sub use it (errors give 0). */
function toInt64(v: Value): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || v instanceof GoNum) return Math.trunc(numOf(v));
  if (typeof v === 'string') {
    let s = v;
    // cast's trimZeroDecimal: "10.00" -> "10"
    const m = /^(.*)\.0+$/.exec(s);
    if (m && m[1] !== '') s = m[1];
    const n = parseGoInt64(s);
    return n === undefined ? 0 : Number(n);
  }
  return 0;
}

/** strings.TrimSpace (unicode.IsSpace). */
const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const TRIM_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** strings.ToUpper / ToLower: simple (one-to-one) case mapping per rune. */
function mapCase(s: string, upper: boolean): string {
  let out = '';
  for (const c of s) {
    if (!upper && c === '\u0130') {
      out += 'i';
      continue;
    }
    const m = upper ? c.toUpperCase() : c.toLowerCase();
    out += runeCount(m) === 1 ? m : c;
  }
  return out;
}

function goRepeat(s: string, count: number): string {
  if (count < 0) throw new CallError('strings: negative Repeat count');
  return s.repeat(count);
}

const indent = (spaces: number, s: string) => {
  const padding = goRepeat(' ', spaces);
  return padding + s.split('\n').join(`\n${padding}`);
};

/** The Sprig functions, keyed by name. */
export const SPRIG_FUNCS: Record<string, Func> = {
  // Sprig
  quote: {
    params: [],
    variadic: 'any',
    call: args =>
      args
        .filter(isValid)
        .map(a => goQuote(strval(a)))
        .join(' '),
  },
  squote: {
    params: [],
    variadic: 'any',
    call: args =>
      args
        .filter(isValid)
        .map(a => `'${fmtV(a)}'`)
        .join(' '),
  },
  default: {
    params: ['any'],
    variadic: 'any',
    call: ([d, ...given]) =>
      given.length === 0 || isEmpty(given[0]) ? d : given[0],
  },
  empty: { params: ['any'], call: ([a]) => isEmpty(a) },
  lower: { params: ['string'], call: ([s]) => mapCase(str(s), false) },
  upper: { params: ['string'], call: ([s]) => mapCase(str(s), true) },
  trim: { params: ['string'], call: ([s]) => str(s).replace(TRIM_SPACE, '') },
  replace: {
    params: ['string', 'string', 'string'],
    call: ([from, to, s]) => {
      if (from !== '') return str(s).split(str(from)).join(str(to));
      // An empty old string matches at the start and after every rune.
      return str(to) + Array.from(str(s), c => c + str(to)).join('');
    },
  },
  trunc: {
    params: ['int', 'string'],
    call: ([c, s]) => {
      const b = Buffer.from(str(s), 'utf8');
      const n = int(c);
      if (n < 0 && b.length + n > 0)
        return b.subarray(b.length + n).toString('utf8');
      if (n >= 0 && b.length > n) return b.subarray(0, n).toString('utf8');
      return s;
    },
  },
  trimSuffix: {
    params: ['string', 'string'],
    call: ([suffix, s]) =>
      str(suffix) !== '' && str(s).endsWith(str(suffix))
        ? str(s).slice(0, -str(suffix).length)
        : s,
  },
  trimPrefix: {
    params: ['string', 'string'],
    call: ([prefix, s]) =>
      str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : s,
  },
  hasPrefix: {
    params: ['string', 'string'],
    call: ([p, s]) => str(s).startsWith(str(p)),
  },
  hasSuffix: {
    params: ['string', 'string'],
    call: ([p, s]) => str(s).endsWith(str(p)),
  },
  contains: {
    params: ['string', 'string'],
    call: ([p, s]) => str(s).includes(str(p)),
  },
  toJson: {
    params: ['any'],
    call: ([v]) => {
      try {
        return jsonEncode(v);
      } catch (e) {
        if (e instanceof JsonUnsupportedValue) return '';
        throw e;
      }
    },
  },
  indent: {
    params: ['int', 'string'],
    call: ([n, s]) => indent(int(n), str(s)),
  },
  nindent: {
    params: ['int', 'string'],
    call: ([n, s]) => `\n${indent(int(n), str(s))}`,
  },
  add: {
    params: [],
    variadic: 'any',
    call: args => args.reduce<number>((sum, a) => sum + toInt64(a), 0),
  },
  sub: { params: ['any', 'any'], call: ([a, b]) => toInt64(a) - toInt64(b) },
  list: { params: [], variadic: 'any', call: args => [...args] },
  dict: {
    params: [],
    variadic: 'any',
    call: args => {
      const m = newMap();
      for (let i = 0; i < args.length; i += 2)
        m[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
      return m;
    },
  },
  get: {
    params: ['map', 'string'],
    call: ([m, k]) => (isGoMap(m) && hasOwn(m, str(k)) ? m[str(k)] : ''),
  },
  hasKey: {
    params: ['map', 'string'],
    call: ([m, k]) => isGoMap(m) && hasOwn(m, str(k)),
  },
  join: {
    params: ['string', 'any'],
    call: ([sep, v]) => {
      if (Array.isArray(v)) return v.filter(isValid).map(strval).join(str(sep));
      return isValid(v) ? strval(v) : '';
    },
  },
  b64enc: {
    params: ['string'],
    call: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
  },
  fail: {
    params: ['string'],
    call: ([msg]) => {
      throw new CallError(str(msg));
    },
  },
};
