/*
 * A renderer for the part of Go's text/template that the repo's Crossplane
 * compositions use through function-go-templating, so CI can render them
 * without Go.
 *
 * What it follows (read from the sources, not from memory):
 * - Go text/template (lexer, parser and executor of Go 1.25): trim markers,
 *   comments, pipelines, variables and their scopes, if / else if / with /
 *   else with / range (lists, maps in sorted key order, integers) with break
 *   and continue, `and`/`or` short-circuit, the comparison functions, `index`,
 *   `len`, `print`, `printf`.
 * - The data function-go-templating hands to the template: the request
 *   converted to JSON and back into map[string]interface{} (integers are
 *   int64, other numbers float64, JSON null is a nil interface). It sets no
 *   template option unless the GoTemplate input says so, so a missing map key
 *   prints "<no value>" (missingkey=default).
 * - Sprig v3.3.0 for the Sprig functions, and function-go-templating's own
 *   toYaml (gopkg.in/yaml.v3 Marshal: 4-space indentation, sequences indented
 *   under their key, trailing newline kept), setResourceNameAnnotation,
 *   getComposedResource and getCompositeResource.
 *
 * Anything outside the subset (define/template/block, functions not listed
 * in SUPPORTED, printf verbs other than %v %s %d %q) is a TemplateError rather
 * than a guess. So are printf arguments Go would render as "%!d(string=x)".
 */
import { Buffer } from 'node:buffer';

/** A template that does not parse or fails to execute, with the line it fails at. */
export class TemplateError extends Error {
  constructor(public readonly line: number, public readonly reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'TemplateError';
    Object.setPrototypeOf(this, TemplateError.prototype);
  }
}

/** The GoTemplate input fields that change how a template renders. */
export interface GoTemplateOptions {
  /** GoTemplate `options`, applied as template.Option (e.g. "missingkey=error"). */
  options?: string[];
  /** GoTemplate `delims`; used only when both are given, as function-go-templating does. */
  delims?: { left?: string; right?: string };
}

// ---------------------------------------------------------------------------
// Values
//
// undefined  an invalid reflect.Value (missing map key, "<no value>")
// null       a nil interface{} (JSON null inside the data)
// number     int64 when integral, else float64 (the data's numbers)
// GoNum      the other Go number types: int (literals, len, range indexes),
//            uint8 (index of a string) and integral float64 literals
// NilMap     a typed nil map[string]interface{} (getComposedResource misses)
// arrays     []interface{}; objects map[string]interface{} (null prototype)

type GoNumType = 'int' | 'uint8' | 'float64';

class GoNum {
  constructor(readonly type: GoNumType, readonly value: number) {}
}

class NilMap {
  readonly nilMap = true;
}
const NIL_MAP = new NilMap();

interface GoMap {
  [key: string]: Value;
}

type Value =
  | undefined
  | null
  | string
  | boolean
  | number
  | GoNum
  | NilMap
  | Value[]
  | GoMap;

type Kind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'string'
  | 'slice'
  | 'map';

const isInt64 = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

function isGoMap(v: Value): v is GoMap {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof GoNum) &&
    !(v instanceof NilMap)
  );
}

const isMapLike = (v: Value): v is GoMap | NilMap =>
  v instanceof NilMap || isGoMap(v);

const hasOwn = (m: GoMap, key: string) =>
  Object.prototype.hasOwnProperty.call(m, key);

function newMap(): GoMap {
  return Object.create(null);
}

function kindOf(v: Value): Kind {
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
const numOf = (v: Value): number =>
  v instanceof GoNum ? v.value : (v as number);

/** Go's name for the dynamic type of a value, for error messages. */
function typeName(v: Value): string {
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
function isEmpty(v: Value): boolean {
  if (v === undefined || v === null || v instanceof NilMap) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoNum) return v.value === 0;
  return Object.keys(v).length === 0;
}

const truth = (v: Value) => !isEmpty(v);

/** Converts the caller's data the way it reaches the template: through JSON. */
function fromJson(data: unknown): Value {
  const text = JSON.stringify(data);
  if (text === undefined) return undefined;
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.assign(newMap(), value)
      : value,
  );
}

/** Go compares strings byte-wise (UTF-8), that is by code point. */
function compareStrings(a: string, b: string): number {
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

const sortedKeys = (m: GoMap) => Object.keys(m).sort(compareStrings);

const runeCount = (s: string) => Array.from(s).length;

// ---------------------------------------------------------------------------
// Formatting (fmt, strconv)

function formatInt(n: number): string {
  return BigInt(n).toString();
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e');
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(expText);
  let body: string;
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const sign = exp < 0 ? '-' : '+';
    body = `${digits[0]}${frac}e${sign}${String(Math.abs(exp)).padStart(
      2,
      '0',
    )}`;
  } else {
    const dp = exp + 1;
    if (dp <= 0) body = `0.${'0'.repeat(-dp)}${digits}`;
    else if (dp >= digits.length)
      body = digits + '0'.repeat(dp - digits.length);
    else body = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  }
  return neg ? `-${body}` : body;
}

function formatNumber(v: Value): string {
  return kindOf(v) === 'float' ? formatFloat(numOf(v)) : formatInt(numOf(v));
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** strconv.IsPrint */
function isGoPrint(cp: number): boolean {
  if (cp <= 0xff) {
    if (cp >= 0x20 && cp <= 0x7e) return true;
    return cp >= 0xa1 && cp !== 0xad;
  }
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp));
}

const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** strconv.Quote, which %q and Sprig's quote use. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd';
    } else if (isGoPrint(cp)) {
      out += ch;
    } else {
      if (QUOTE_ESCAPES[ch]) out += QUOTE_ESCAPES[ch];
      else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
      else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
      else out += `\\U${hex(cp, 8)}`;
    }
  }
  return `${out}"`;
}

/** %U with the # flag, as Go's lexer errors print characters. */
function goRune(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return isGoPrint(cp) ? `${u} '${ch}'` : u;
}

/** A construct Go accepts that this renderer does not reproduce. */
class Unsupported extends Error {}

/** An error a template function returns to text/template. */
class CallError extends Error {}

interface FmtFlags {
  minus: boolean;
  zero: boolean;
  width?: number;
}

const PLAIN_FMT: FmtFlags = { minus: false, zero: false };

function pad(s: string, f: FmtFlags): string {
  if (f.width === undefined) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  return f.minus ? s + ' '.repeat(n) : ' '.repeat(n) + s;
}

type Verb = 'v' | 's' | 'd' | 'q';

/** fmt's printValue for the verbs the renderer supports. */
function fmtValue(v: Value, verb: Verb, f: FmtFlags): string {
  if (Array.isArray(v))
    return `[${v.map(e => fmtValue(e, verb, f)).join(' ')}]`;
  if (v instanceof NilMap) return 'map[]';
  if (isGoMap(v)) {
    const entries = sortedKeys(v).map(
      k => `${fmtValue(k, verb, f)}:${fmtValue(v[k], verb, f)}`,
    );
    return `map[${entries.join(' ')}]`;
  }
  const kind = kindOf(v);
  switch (verb) {
    case 'v':
      if (v === undefined || v === null) return pad('<nil>', f);
      if (typeof v === 'string') return pad(v, f);
      if (typeof v === 'boolean') return pad(String(v), f);
      return pad(formatNumber(v), f);
    case 's':
      if (typeof v === 'string') return pad(v, f);
      break;
    case 'q':
      if (typeof v === 'string') return pad(goQuote(v), f);
      break;
    case 'd':
      if (kind === 'int' || kind === 'uint') {
        const n = numOf(v);
        let digits = formatInt(Math.abs(n));
        if (f.zero && !f.minus && f.width !== undefined) {
          digits = digits.padStart(f.width - (n < 0 ? 1 : 0), '0');
        }
        return pad(n < 0 ? `-${digits}` : digits, f);
      }
      break;
    default:
  }
  const shown =
    v === undefined || v === null
      ? '<nil>'
      : `${typeName(v)}=${fmtValue(v, 'v', PLAIN_FMT)}`;
  throw new Unsupported(
    `printf %${verb} of ${typeName(
      v === undefined ? null : v,
    )}: Go prints "%!${verb}(${shown})", which is surely not what the template means`,
  );
}

const fmtV = (v: Value) => fmtValue(v, 'v', PLAIN_FMT);

/** fmt.Sprint: spaces between operands when neither is a string. */
function sprint(args: Value[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += fmtV(a);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintf for %v %s %d %q %% with the '-' and '0' flags and a width. */
function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    if (format[i] !== '%') {
      out += format[i++];
      continue;
    }
    i++;
    const f: FmtFlags = { minus: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === '0') {
        f.zero = !f.minus;
      } else if (c === '+' || c === ' ' || c === '#') {
        throw new Unsupported(`printf flag ${goQuote(c)} is not supported`);
      } else {
        break;
      }
    }
    let width = '';
    while (i < format.length && format[i] >= '0' && format[i] <= '9')
      width += format[i++];
    if (width) f.width = Number(width);
    if (i >= format.length)
      throw new Unsupported('printf format ends in the middle of a verb');
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (verb === '.' || verb === '*' || verb === '[') {
      throw new Unsupported(
        'printf precision, * and explicit argument indexes are not supported',
      );
    }
    if (verb !== 'v' && verb !== 's' && verb !== 'd' && verb !== 'q') {
      throw new Unsupported(
        `printf verb %${verb} is not supported (only %v %s %d %q %%)`,
      );
    }
    if (f.zero && verb !== 'd')
      throw new Unsupported(`printf flag '0' with %${verb} is not supported`);
    if (argi >= args.length) {
      throw new Unsupported(
        `printf has no argument for %${verb}: Go prints "%!${verb}(MISSING)"`,
      );
    }
    out += fmtValue(args[argi++], verb, f);
  }
  if (argi < args.length) {
    throw new Unsupported(
      `printf has ${
        args.length - argi
      } argument(s) too many: Go appends "%!(EXTRA ...)"`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------
// encoding/json (Sprig's toJson)

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

// ---------------------------------------------------------------------------
// gopkg.in/yaml.v3 Marshal (function-go-templating's toYaml): a port of the
// emitter paths block mappings, block sequences, empty flow collections and
// scalars take, with the encoder's choice of scalar styles.

const YAML_INDENT = 4;

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

const isYamlBreak = (c: string) =>
  c === '\r' ||
  c === '\n' ||
  c === '\u0085' ||
  c === '\u2028' ||
  c === '\u2029';

const isYamlBlank = (c: string | undefined) => c === ' ' || c === '\t';

const isYamlBlankz = (c: string) =>
  isYamlBlank(c) || isYamlBreak(c) || c === '\0';

function isYamlPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar (the parts the block context looks at). */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value === '') {
    return {
      multiline: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  const cps = Array.from(value);
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const last = cps.length - 1;
  cps.forEach((c, i) => {
    const followedByWhitespace = i === last || isYamlBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWhitespace)
        blockIndicators = true;
    } else if (
      (c === ':' && followedByWhitespace) ||
      (c === '#' && precededByWhitespace)
    ) {
      blockIndicators = true;
    }
    if (c === '\t') tabCharacters = true;
    else if (!isYamlPrintable(c.codePointAt(0)!)) specialCharacters = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isYamlBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isYamlBlankz(c);
  });
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
    a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const YAML_RESOLVE_MAP = new Set([
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

const YAML_STYLE_FLOAT =
  /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go integer syntax as strconv.ParseInt(s, 0, 64) accepts it (underscores included). */
const GO_INT =
  /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/;

function bigIntOfGoInt(body: string): bigint {
  const clean = body.replace(/_/g, '');
  if (/^0[0-7]+$/.test(clean)) return BigInt(`0o${clean.slice(1)}`);
  return BigInt(clean);
}

/** strconv.ParseInt(s, 0, 64); undefined when it fails. */
function parseGoInt64(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const n = m[1] === '-' ? -bigIntOfGoInt(m[2]) : bigIntOfGoInt(m[2]);
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
}

/** strconv.ParseUint(s, 0, 64) succeeds. */
function parsesAsGoUint64(s: string): boolean {
  const m = GO_INT.exec(s);
  return !!m && m[1] === '' && bigIntOfGoInt(m[2]) <= UINT64_MAX;
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const TS_DATE = '([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})';
const TS_TIME = '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?';
const TIMESTAMP_FORMATS = [
  new RegExp(`^${TS_DATE}[Tt]${TS_TIME}(?:Z|[+-]([0-9]{2}):([0-9]{2}))$`),
  new RegExp(`^${TS_DATE} +${TS_TIME}$`),
  new RegExp(`^${TS_DATE}$`),
];

/** yaml.v3 parseTimestamp: the time.Parse layouts it tries. */
function isYamlTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return TIMESTAMP_FORMATS.some(re => {
    const m = re.exec(s);
    if (!m) return false;
    const [year, month, day, hour = 0, min = 0, sec = 0, tzh = 0, tzm = 0] = m
      .slice(1)
      .map(x => (x === undefined ? 0 : Number(x)));
    return (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(month, year) &&
      hour < 24 &&
      min < 60 &&
      sec < 60 &&
      tzh <= 24 &&
      tzm <= 60
    );
  });
}

/** Whether yaml.v3's resolve would read the plain scalar as anything but a string. */
function yamlResolvesToNonString(s: string): boolean {
  if (s === '') return true;
  const c = s[0];
  let hint = '';
  if (c === '+' || c === '-') hint = 'S';
  else if (c >= '0' && c <= '9') hint = 'D';
  else if ('yYnNtTfFoO~'.includes(c)) hint = 'M';
  else if (c === '.') hint = '.';
  if (!hint) return false;
  if (YAML_RESOLVE_MAP.has(s)) return true;
  if (hint === 'M') return false;
  if (hint === '.') {
    return (
      /^\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?$/.test(s) &&
      Number.isFinite(Number(s.replace(/_/g, '')))
    );
  }
  if (isYamlTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (parseGoInt64(plain) !== undefined || parsesAsGoUint64(plain)) return true;
  return YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain));
}

/** The style yaml.v3's encoder asks for a string in (stringv). */
function yamlStringStyle(s: string): ScalarStyle {
  if (s.includes('\n')) return 'literal';
  const canUsePlain =
    !yamlResolvesToNonString(s) && !(BASE60_FLOAT.test(s) || OLD_BOOLS.has(s));
  return canUsePlain ? 'plain' : 'double';
}

/** yaml.v3's key order (sorter.go): letters by code point, digit runs by value. */
function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
  const isLetter = (c: string) => /^\p{L}$/u.test(c);
  const cp = (c: string) => c.codePointAt(0)!;
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return cp(ar[i]) < cp(br[i]);
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(cp(ar[ai]) - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(cp(br[bi]) - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return cp(ar[i]) < cp(br[i]);
  }
  return ar.length < br.length;
}

function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((a, b) => {
    if (yamlKeyLess(a, b)) return -1;
    if (yamlKeyLess(b, a)) return 1;
    return 0;
  });
}

function yamlNumber(v: Value): string {
  if (kindOf(v) !== 'float') return formatInt(numOf(v));
  const f = numOf(v);
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isNaN(f)) return '.nan';
  return formatFloat(f);
}

function yamlEscape(cp: number): string {
  const named: Record<number, string> = {
    0x00: '0',
    0x07: 'a',
    0x08: 'b',
    0x09: 't',
    0x0a: 'n',
    0x0b: 'v',
    0x0c: 'f',
    0x0d: 'r',
    0x1b: 'e',
    0x22: '"',
    0x5c: '\\',
    0x85: 'N',
    0xa0: '_',
    0x2028: 'L',
    0x2029: 'P',
  };
  if (named[cp] !== undefined) return named[cp];
  const h = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${h.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${h.padStart(4, '0')}`;
  return `U${h.padStart(8, '0')}`;
}

class YamlEncoder {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  encode(v: Value): string {
    this.node(v, false);
    this.writeIndent(); // document end
    return this.out;
  }

  private put(s: string) {
    this.out += s;
    this.column += runeCount(s);
  }

  private putBreak() {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeBreak(c: string) {
    if (c === '\n') {
      this.putBreak();
    } else {
      this.out += c;
      this.column = 0;
      this.indention = true;
    }
  }

  private writeIndent() {
    const target = Math.max(this.indent, 0);
    if (
      !this.indention ||
      this.column > target ||
      (this.column === target && !this.whitespace)
    ) {
      this.putBreak();
    }
    if (this.column < target) this.put(' '.repeat(target - this.column));
    this.whitespace = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ) {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, inSequenceItem: boolean) {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? YAML_INDENT : 0;
    } else if (inSequenceItem) {
      // The first indent inside a sequence skips the "- " indicator.
      this.indent += 2;
    } else {
      this.indent =
        YAML_INDENT * Math.floor((this.indent + YAML_INDENT) / YAML_INDENT);
    }
  }

  private popIndent() {
    this.indent = this.indents.pop()!;
  }

  private node(v: Value, inSequenceItem: boolean) {
    if (v === undefined || v === null) {
      this.scalar('null', 'plain', inSequenceItem, false);
    } else if (typeof v === 'string') {
      this.scalar(v, yamlStringStyle(v), inSequenceItem, false);
    } else if (typeof v === 'boolean') {
      this.scalar(String(v), 'plain', inSequenceItem, false);
    } else if (Array.isArray(v)) {
      this.sequence(v, inSequenceItem);
    } else if (isMapLike(v)) {
      this.mapping(v instanceof NilMap ? newMap() : v, inSequenceItem);
    } else {
      this.scalar(yamlNumber(v), 'plain', inSequenceItem, false);
    }
  }

  private sequence(items: Value[], inSequenceItem: boolean) {
    if (items.length === 0) {
      this.writeIndicator('[', true, true, false);
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, true);
    }
    this.popIndent();
  }

  private mapping(m: GoMap, inSequenceItem: boolean) {
    const keys = sortYamlKeys(Object.keys(m));
    if (keys.length === 0) {
      this.writeIndicator('{', true, true, false);
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, inSequenceItem);
    for (const key of keys) {
      this.writeIndent();
      const style = yamlStringStyle(key);
      if (!analyzeScalar(key).multiline && Buffer.byteLength(key) <= 128) {
        this.scalar(key, style, false, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(key, style, false, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(m[key], false);
    }
    this.popIndent();
  }

  /** yaml_emitter_select_scalar_style, then the writer for the style. */
  private scalar(
    value: string,
    requested: ScalarStyle,
    inSequenceItem: boolean,
    simpleKey: boolean,
  ) {
    const a = analyzeScalar(value);
    let style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (value === '' && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    this.increaseIndent(true, inSequenceItem);
    switch (style) {
      case 'plain':
        if (value !== '' && !this.whitespace) this.put(' ');
        this.put(value);
        if (value !== '') this.whitespace = false;
        this.indention = false;
        break;
      case 'single':
        this.writeSingleQuoted(value);
        break;
      case 'double':
        this.writeDoubleQuoted(value);
        break;
      default:
        this.writeLiteral(value);
    }
    this.popIndent();
  }

  private writeSingleQuoted(value: string) {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const c of value) {
      if (c === ' ') {
        this.put(c);
      } else if (isYamlBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c === "'" ? "''" : c);
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string) {
    this.writeIndicator('"', true, false, false);
    // yaml.v3's is_bom looks at the start of the value, whatever the index.
    const bom = value.startsWith('\uFEFF');
    for (const c of value) {
      const cp = c.codePointAt(0)!;
      if (
        !isYamlPrintable(cp) ||
        bom ||
        isYamlBreak(c) ||
        c === '"' ||
        c === '\\'
      ) {
        this.put(`\\${yamlEscape(cp)}`);
      } else {
        this.put(c);
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string) {
    this.writeIndicator('|', true, false, false);
    const cps = Array.from(value);
    if (cps[0] === ' ' || isYamlBreak(cps[0])) {
      this.writeIndicator(String(YAML_INDENT), false, false, false);
    }
    let chomp = '';
    const last = cps.length - 1;
    if (!isYamlBreak(cps[last])) chomp = '-';
    else if (last === 0 || isYamlBreak(cps[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isYamlBreak(c)) {
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Functions

/** How text/template passes an argument: the Go parameter type. */
type ParamType = 'any' | 'value' | 'string' | 'int' | 'map';

interface Func {
  params: ParamType[];
  variadic?: ParamType;
  call: (args: Value[]) => Value;
}

const PARAM_TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  map: 'map[string]interface {}',
};

const str = (v: Value) => v as string;
const int = (v: Value) => (v as GoNum).value;

function basicKind(v: Value): Kind {
  const k = kindOf(v);
  return k === 'slice' || k === 'map' ? 'invalid' : k;
}

const isValid = (v: Value) => v !== undefined && v !== null;
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

/** crossplane-runtime fieldpath: the value at a path of object fields, or undefined. */
function fieldPathValue(obj: Value, path: string[]): Value {
  let cur: Value = obj;
  for (const field of path) {
    if (!isGoMap(cur) || !hasOwn(cur, field)) return undefined;
    cur = cur[field];
  }
  return cur;
}

/**
 * GetValueInto(path, &map[string]any): a map when the value is an object, a
 * nil map when it is missing, null or not an object.
 */
function asResource(v: Value): Value {
  return isGoMap(v) ? v : NIL_MAP;
}

function getComposedResource(req: Value, name: string): Value {
  // "observed.resources[<name>]resource": the bracket holds a field name unless
  // it is an array index; brackets inside it or an empty one do not parse.
  if (name === '' || name.includes('[') || name.includes(']')) return NIL_MAP;
  if (/^[0-9]+$/.test(name) && Number(name) <= 0xffffffff) return NIL_MAP;
  const field = name.replace(/^['"]+|['"]+$/g, '');
  return asResource(
    fieldPathValue(req, ['observed', 'resources', field, 'resource']),
  );
}

const FUNCS: Record<string, Func> = {
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
  // function-go-templating
  toYaml: { params: ['any'], call: ([v]) => new YamlEncoder().encode(v) },
  setResourceNameAnnotation: {
    params: ['string'],
    call: ([name]) =>
      `gotemplating.fn.crossplane.io/composition-resource-name: ${str(name)}`,
  },
  getComposedResource: {
    params: ['map', 'string'],
    call: ([req, name]) => getComposedResource(req, str(name)),
  },
  getCompositeResource: {
    params: ['map'],
    call: ([req]) =>
      asResource(fieldPathValue(req, ['observed', 'composite', 'resource'])),
  },
};

const SUPPORTED = new Set(Object.keys(FUNCS));

/** Every function a function-go-templating template may call (Go accepts these names). */
const KNOWN_FUNCTIONS = new Set([
  ...SUPPORTED,
  // text/template builtins
  ...'call html js println slice urlquery'.split(' '),
  // function-go-templating (env and expandenv are removed from Sprig there)
  ...'randomChoice fromYaml getResourceCondition getComposedConnectionDetails getExtraResources getExtraResourcesFromContext getCredentialData include'.split(
    ' ',
  ),
  // Sprig v3.3.0
  ...(
    'abbrev abbrevboth add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec base bcrypt ' +
    'biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat date dateInZone dateModify ' +
    'date_in_zone date_modify decryptAES deepCopy deepEqual derivePassword dig dir div divf duration durationRound ' +
    'encryptAES ext first float64 floor fromJson genCA genCAWithKey genPrivateKey genSelfSignedCert ' +
    'genSelfSignedCertWithKey genSignedCert genSignedCertWithKey getHostByName has hello htmlDate htmlDateInZone ' +
    'htpasswd initial initials int int64 isAbs kebabcase keys kindIs kindOf last max maxf merge mergeOverwrite min ' +
    'minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas ' +
    'mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustRegexFind mustRegexFindAll mustRegexMatch ' +
    'mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate ' +
    'mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nospace now omit osBase osClean ' +
    'osDir osExt osIsAbs pick pluck plural prepend randAlpha randAlphaNum randAscii randBytes randInt randNumeric ' +
    'regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat rest ' +
    'reverse round semver semverCompare seq set sha1sum sha256sum sha512sum shuffle snakecase sortAlpha split ' +
    'splitList splitn substr swapcase ternary title toDate toDecimal toPrettyJson toRawJson toString toStrings ' +
    'trimAll trimall tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle urlJoin urlParse ' +
    'uuidv4 values without wrap wrapWith'
  ).split(' '),
]);

// ---------------------------------------------------------------------------
// Lexer (text/template/parse/lex.go)

type TokType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

const KEYWORDS: Record<string, TokType> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};

const KEYWORD_TYPES = new Set<TokType>(Object.values(KEYWORDS));

const hasOwnKey = (o: object, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key);

interface Token {
  type: TokType;
  val: string;
  line: number;
}

const EOF = '';

const isSpace = (c: string) =>
  c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string) => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
const hasLeftTrimMarker = (s: string) =>
  s.length >= 2 && s[0] === '-' && isSpace(s[1]);
const hasRightTrimMarker = (s: string) =>
  s.length >= 2 && isSpace(s[0]) && s[1] === '-';
const rightTrimLength = (s: string) =>
  s.length - s.replace(/[ \t\r\n]+$/, '').length;
const leftTrimLength = (s: string) =>
  s.length - s.replace(/^[ \t\r\n]+/, '').length;

type LexState = () => LexState | null;

class Lexer {
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private readonly tokens: Token[] = [];
  private readonly newlines: number[] = [];

  constructor(
    private readonly input: string,
    private readonly leftDelim: string,
    private readonly rightDelim: string,
  ) {
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1))
      this.newlines.push(i);
  }

  run(): Token[] {
    let state: LexState | null = this.lexText;
    while (state) state = state.call(this);
    return this.tokens;
  }

  private lineAt(pos: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.newlines[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const c = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += c.length;
    return c;
  }

  private backup() {
    if (!this.atEOF && this.pos > 0) {
      const low = this.input.charCodeAt(this.pos - 1);
      const high = this.input.charCodeAt(this.pos - 2);
      const pair =
        low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
      this.pos -= pair ? 2 : 1;
    }
  }

  private peek(): string {
    const c = this.next();
    this.backup();
    return c;
  }

  private emit(type: TokType) {
    this.tokens.push({
      type,
      val: this.input.slice(this.start, this.pos),
      line: this.lineAt(this.start),
    });
    this.start = this.pos;
  }

  private ignore() {
    this.start = this.pos;
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(c)) return true;
    this.backup();
    return false;
  }

  private acceptRun(valid: string) {
    while (this.accept(valid)) {
      // absorb
    }
  }

  private errorf(message: string): null {
    this.tokens.push({
      type: 'error',
      val: message,
      line: this.lineAt(this.start),
    });
    return null;
  }

  private atRightDelim(): [boolean, boolean] {
    const rest = this.input.slice(this.pos);
    if (hasRightTrimMarker(rest) && rest.startsWith(this.rightDelim, 2))
      return [true, true];
    return [rest.startsWith(this.rightDelim), false];
  }

  private atTerminator(): boolean {
    const c = this.peek();
    if (isSpace(c)) return true;
    if ([EOF, '.', ',', '|', ':', ')', '('].includes(c)) return true;
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  private lexText(): LexState | null {
    const x = this.input.indexOf(this.leftDelim, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (hasLeftTrimMarker(this.input.slice(x + this.leftDelim.length))) {
          trim = rightTrimLength(this.input.slice(this.start, this.pos));
        }
        this.pos -= trim;
        if (this.pos > this.start) this.emit('text');
        this.pos += trim;
        this.ignore();
      }
      return this.lexLeftDelim;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.emit('text');
    this.emit('eof');
    return null;
  }

  private lexLeftDelim(): LexState | null {
    this.pos += this.leftDelim.length;
    const afterMarker = hasLeftTrimMarker(this.input.slice(this.pos)) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return this.lexComment;
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return this.lexInsideAction;
  }

  private lexComment(): LexState | null {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + 2;
    const [delim, trimSpace] = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    if (trimSpace) this.pos += 2;
    this.pos += this.rightDelim.length;
    if (trimSpace) this.pos += leftTrimLength(this.input.slice(this.pos));
    this.ignore();
    return this.lexText;
  }

  private lexRightDelim(): LexState | null {
    const [, trimSpace] = this.atRightDelim();
    if (trimSpace) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.rightDelim.length;
    this.emit('rightDelim');
    if (trimSpace) {
      this.pos += leftTrimLength(this.input.slice(this.pos));
      this.ignore();
    }
    return this.lexText;
  }

  private lexInsideAction(): LexState | null {
    const [delim] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.lexRightDelim;
      return this.errorf('unclosed left paren');
    }
    const c = this.next();
    if (c === EOF) return this.errorf('unclosed action');
    if (isSpace(c)) {
      this.backup();
      return this.lexSpace;
    }
    switch (c) {
      case '=':
        this.emit('assign');
        return this.lexInsideAction;
      case ':':
        if (this.next() !== '=') return this.errorf('expected :=');
        this.emit('declare');
        return this.lexInsideAction;
      case '|':
        this.emit('pipe');
        return this.lexInsideAction;
      case '"':
        return this.lexQuote;
      case '`':
        return this.lexRawQuote;
      case '$':
        return this.lexVariable;
      case "'":
        return this.lexChar;
      case '(':
        this.parenDepth++;
        this.emit('leftParen');
        return this.lexInsideAction;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        this.emit('rightParen');
        return this.lexInsideAction;
      default:
    }
    if (c === '.' && this.pos < this.input.length) {
      const d = this.input[this.pos];
      if (d < '0' || d > '9') return this.lexField;
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.backup();
      return this.lexNumber;
    }
    if (isAlphaNumeric(c)) {
      this.backup();
      return this.lexIdentifier;
    }
    const cp = c.codePointAt(0)!;
    if (cp <= 0x7f && isGoPrint(cp)) {
      this.emit('char');
      return this.lexInsideAction;
    }
    return this.errorf(`unrecognized character in action: ${goRune(c)}`);
  }

  private lexSpace(): LexState | null {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    const rest = this.input.slice(this.pos - 1);
    if (hasRightTrimMarker(rest) && rest.startsWith(this.rightDelim, 2)) {
      this.backup();
      if (numSpaces === 1) return this.lexRightDelim;
    }
    this.emit('space');
    return this.lexInsideAction;
  }

  private lexIdentifier(): LexState | null {
    for (;;) {
      const c = this.next();
      if (c === EOF || !isAlphaNumeric(c)) {
        this.backup();
        const word = this.input.slice(this.start, this.pos);
        if (!this.atTerminator())
          return this.errorf(`bad character ${goRune(c)}`);
        if (hasOwnKey(KEYWORDS, word) && word !== '.')
          this.emit(KEYWORDS[word]);
        else if (word === 'true' || word === 'false') this.emit('bool');
        else this.emit('identifier');
        return this.lexInsideAction;
      }
    }
  }

  private lexField(): LexState | null {
    return this.lexFieldOrVariable('field');
  }

  private lexVariable(): LexState | null {
    if (this.atTerminator()) {
      this.emit('variable');
      return this.lexInsideAction;
    }
    return this.lexFieldOrVariable('variable');
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): LexState | null {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return this.lexInsideAction;
    }
    let c = EOF;
    for (;;) {
      c = this.next();
      if (c === EOF || !isAlphaNumeric(c)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${goRune(c)}`);
    this.emit(type);
    return this.lexInsideAction;
  }

  private lexChar(): LexState | null {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
      }
      if (c === EOF || c === '\n')
        return this.errorf('unterminated character constant');
      if (c === "'") break;
    }
    this.emit('charConstant');
    return this.lexInsideAction;
  }

  private lexNumber(): LexState | null {
    if (!this.scanNumber())
      return this.errorf(
        `bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`,
      );
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(
          `bad number syntax: ${goQuote(
            this.input.slice(this.start, this.pos),
          )}`,
        );
      }
      this.emit('complex');
    } else {
      this.emit('number');
    }
    return this.lexInsideAction;
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    const c = this.peek();
    if (c !== EOF && isAlphaNumeric(c)) {
      this.next();
      return false;
    }
    return true;
  }

  private lexQuote(): LexState | null {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
      }
      if (c === EOF || c === '\n')
        return this.errorf('unterminated quoted string');
      if (c === '"') break;
    }
    this.emit('string');
    return this.lexInsideAction;
  }

  private lexRawQuote(): LexState | null {
    for (;;) {
      const c = this.next();
      if (c === EOF) return this.errorf('unterminated raw quoted string');
      if (c === '`') break;
    }
    this.emit('rawString');
    return this.lexInsideAction;
  }
}

// ---------------------------------------------------------------------------
// Literals (strconv.Unquote, strconv.UnquoteChar, parse.newNumber)

class LiteralSyntaxError extends Error {}

/** Reads one (possibly escaped) character of a quoted literal; returns [code point or byte, isByte, rest]. */
function unquoteChar(s: string, quote: string): [number, boolean, string] {
  const c = s[0];
  if (c === quote && (quote === "'" || quote === '"'))
    throw new LiteralSyntaxError();
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return [cp, false, s.slice(String.fromCodePoint(cp).length)];
  }
  if (s.length <= 1) throw new LiteralSyntaxError();
  const e = s[1];
  const rest = s.slice(2);
  const simple: Record<string, number> = {
    a: 7,
    b: 8,
    f: 12,
    n: 10,
    r: 13,
    t: 9,
    v: 11,
    '\\': 92,
  };
  if (simple[e] !== undefined) return [simple[e], false, rest];
  if (e === "'" || e === '"') {
    if (e !== quote) throw new LiteralSyntaxError();
    return [e.charCodeAt(0), false, rest];
  }
  const hexLen: Record<string, number> = { x: 2, u: 4, U: 8 };
  if (hexLen[e]) {
    const digits = rest.slice(0, hexLen[e]);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLen[e]}}$`).test(digits))
      throw new LiteralSyntaxError();
    const v = parseInt(digits, 16);
    if (e === 'x') return [v, true, rest.slice(2)];
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
      throw new LiteralSyntaxError();
    return [v, false, rest.slice(hexLen[e])];
  }
  if (e >= '0' && e <= '7') {
    const digits = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(digits)) throw new LiteralSyntaxError();
    const v = parseInt(digits, 8);
    if (v > 255) throw new LiteralSyntaxError();
    return [v, true, s.slice(4)];
  }
  throw new LiteralSyntaxError();
}

/** strconv.Unquote for "..." and `...` (byte escapes are decoded as UTF-8). */
function goUnquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  let s = literal.slice(1, -1);
  const bytes: number[] = [];
  while (s.length > 0) {
    const [v, isByte, rest] = unquoteChar(s, '"');
    if (isByte) bytes.push(v);
    else bytes.push(...Buffer.from(String.fromCodePoint(v), 'utf8'));
    s = rest;
  }
  return Buffer.from(bytes).toString('utf8');
}

interface NumberInfo {
  /** Usable where Go wants an int (parse.NumberNode.IsInt). */
  isInt: boolean;
  value: number;
  /** idealConstant makes a float64 of it (float syntax), else an int. */
  floatSyntax: boolean;
}

const GO_FLOAT =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;

function parseNumber(text: string, type: TokType): NumberInfo {
  if (type === 'complex' || text.endsWith('i')) {
    throw new Unsupported(`complex number ${text} is not supported`);
  }
  if (type === 'charConstant') {
    let value: number;
    let rest: string;
    try {
      [value, , rest] = unquoteChar(text.slice(1), "'");
    } catch {
      throw new LiteralSyntaxError('invalid syntax');
    }
    if (rest !== "'")
      throw new LiteralSyntaxError(`malformed character constant: ${text}`);
    return { isInt: true, value, floatSyntax: false };
  }
  const asInt = parseGoInt64(text);
  if (asInt !== undefined) {
    if (
      asInt > BigInt(Number.MAX_SAFE_INTEGER) ||
      asInt < BigInt(Number.MIN_SAFE_INTEGER)
    ) {
      throw new Unsupported(
        `integer ${text} is beyond what this renderer represents exactly`,
      );
    }
    return { isInt: true, value: Number(asInt), floatSyntax: false };
  }
  if (parsesAsGoUint64(text))
    throw new Unsupported(`integer ${text} overflows int`);
  if (/^[+-]?0[xX]/.test(text))
    throw new Unsupported(`hexadecimal float ${text} is not supported`);
  if (GO_FLOAT.test(text)) {
    const value = Number(text.replace(/_/g, ''));
    if (Number.isFinite(value)) {
      if (!/[.eEpP]/.test(text))
        throw new LiteralSyntaxError(`integer overflow: ${goQuote(text)}`);
      return { isInt: Number.isSafeInteger(value), value, floatSyntax: true };
    }
  }
  throw new LiteralSyntaxError(`illegal number syntax: ${goQuote(text)}`);
}

// ---------------------------------------------------------------------------
// Parse tree (text/template/parse/node.go, the node types the subset uses)

interface FieldNode {
  type: 'field';
  line: number;
  ident: string[];
}
interface VariableNode {
  type: 'variable';
  line: number;
  ident: string[];
}
interface ChainNode {
  type: 'chain';
  line: number;
  node: ArgNode;
  field: string[];
}
interface IdentifierNode {
  type: 'identifier';
  line: number;
  name: string;
}
interface DotNode {
  type: 'dot';
  line: number;
}
interface NilNode {
  type: 'nil';
  line: number;
}
interface BoolNode {
  type: 'bool';
  line: number;
  value: boolean;
}
interface NumberNode {
  type: 'number';
  line: number;
  text: string;
  num: NumberInfo;
}
interface StringNode {
  type: 'string';
  line: number;
  quoted: string;
  value: string;
}
interface PipeNode {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: string[];
  cmds: CommandNode[];
}
interface CommandNode {
  line: number;
  args: ArgNode[];
}
type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

interface TextNode {
  type: 'text';
  line: number;
  text: string;
}
interface ActionNode {
  type: 'action';
  line: number;
  pipe: PipeNode;
}
interface BranchNode {
  type: 'if' | 'with' | 'range';
  line: number;
  pipe: PipeNode;
  list: TreeNode[];
  elseList?: TreeNode[];
}
interface LoopControlNode {
  type: 'break' | 'continue';
  line: number;
}
type TreeNode = TextNode | ActionNode | BranchNode | LoopControlNode;
interface EndNode {
  type: 'end';
  line: number;
}
interface ElseNode {
  type: 'else';
  line: number;
}
type EndOrElse = EndNode | ElseNode;

function nodeString(n: ArgNode): string {
  switch (n.type) {
    case 'field':
      return `.${n.ident.join('.')}`;
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner =
        n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return `${inner}.${n.field.join('.')}`;
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    default: {
      const decl = n.decl.length
        ? `${n.decl.join(', ')} ${n.isAssign ? '=' : ':='} `
        : '';
      const cmds = n.cmds.map(c =>
        c.args
          .map(a => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a)))
          .join(' '),
      );
      return decl + cmds.join(' | ');
    }
  }
}

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (KEYWORD_TYPES.has(t.type)) return `<${t.val}>`;
  const runes = Array.from(t.val);
  if (runes.length > 10) return `${goQuote(runes.slice(0, 10).join(''))}...`;
  return goQuote(t.val);
}

// ---------------------------------------------------------------------------
// Parser (text/template/parse/parse.go)

const TERM_START = new Set<TokType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

class Parser {
  private i = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(private readonly toks: Token[]) {}

  parse(): TreeNode[] {
    const list: TreeNode[] = [];
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else')
        throw this.error(`unexpected {{${n.type}}}`);
      list.push(n);
    }
    return list;
  }

  private next(): Token {
    const t = this.toks[Math.min(this.i, this.toks.length - 1)];
    this.furthest = Math.max(this.furthest, this.i);
    this.i++;
    return t;
  }

  private backup() {
    this.i--;
  }

  private peek(): Token {
    const t = this.next();
    this.backup();
    return t;
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  /** A parse error at the latest token read, as Go reports them. */
  private error(reason: string): TemplateError {
    const t = this.toks[Math.min(this.furthest, this.toks.length - 1)];
    return new TemplateError(t.line, reason);
  }

  private unexpected(t: Token, context: string): TemplateError {
    if (t.type === 'error') return this.error(t.val);
    return this.error(`unexpected ${tokenString(t)} in ${context}`);
  }

  private expect(type: TokType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) throw this.unexpected(t, context);
    return t;
  }

  private itemList(): [TreeNode[], EndOrElse] {
    const list: TreeNode[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.push(n);
    }
    throw this.error('unexpected EOF');
  }

  private textOrAction(): TreeNode | EndOrElse {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { type: 'text', line: t.line, text: t.val };
    if (t.type === 'leftDelim') return this.action();
    throw this.unexpected(t, 'input');
  }

  private action(): TreeNode | EndOrElse {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
      case 'define':
      case 'template':
        throw this.error(
          `{{${t.val}}} is not supported: the renderer takes one self-contained template`,
        );
      case 'break':
      case 'continue': {
        const close = this.nextNonSpace();
        if (close.type !== 'rightDelim')
          throw this.unexpected(close, `{{${t.type}}}`);
        if (this.rangeDepth === 0)
          throw this.error(`{{${t.type}}} outside {{range}}`);
        return { type: t.type, line: t.line };
      }
      case 'else': {
        const p = this.peekNonSpace();
        if (p.type === 'if' || p.type === 'with')
          return { type: 'else', line: p.line };
        return { type: 'else', line: this.expect('rightDelim', 'else').line };
      }
      case 'end':
        return { type: 'end', line: this.expect('rightDelim', 'end').line };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type);
      default:
    }
    this.backup();
    const line = this.peek().line;
    return {
      type: 'action',
      line,
      pipe: this.pipeline('command', 'rightDelim'),
    };
  }

  private control(context: 'if' | 'range' | 'with'): BranchNode {
    const saved = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: TreeNode[] | undefined;
      if (next.type === 'else') {
        const p = this.peek();
        if ((context === 'if' || context === 'with') && p.type === context) {
          // {{else if}} and {{else with}}: a nested control whose {{end}} closes both.
          this.next();
          elseList = [this.control(context)];
        } else {
          const [list2, end] = this.itemList();
          if (end.type !== 'end')
            throw this.error(`expected end; found {{${end.type}}}`);
          elseList = list2;
        }
      }
      return { type: context, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = saved;
    }
  }

  private pipeline(
    context: string,
    end: 'rightDelim' | 'rightParen',
  ): PipeNode {
    const pipe: PipeNode = {
      type: 'pipe',
      line: this.peekNonSpace().line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const save = this.i;
      this.next();
      const nextTok = this.peekNonSpace();
      if (nextTok.type === 'assign' || nextTok.type === 'declare') {
        pipe.isAssign = nextTok.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        break;
      }
      if (nextTok.type === 'char' && nextTok.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (
            after === 'variable' ||
            after === 'rightDelim' ||
            after === 'rightParen'
          )
            continue;
          throw this.error('range can only initialize variables');
        }
        throw this.error(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0)
          throw this.error(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (
            ['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)
          ) {
            throw this.error(
              `non executable command in pipeline stage ${i + 2}`,
            );
          }
        });
        return pipe;
      }
      if (!TERM_START.has(t.type)) throw this.unexpected(t, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { line: this.peekNonSpace().line, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') throw this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) throw this.error('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const line = this.peek().line;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return {
          type: 'field',
          line: node.line,
          ident: [...node.ident, ...fields],
        };
      case 'variable':
        return {
          type: 'variable',
          line: node.line,
          ident: [...node.ident, ...fields],
        };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw this.error(
          `unexpected . after term ${goQuote(nodeString(node))}`,
        );
      default:
        return { type: 'chain', line, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!SUPPORTED.has(t.val)) {
          if (KNOWN_FUNCTIONS.has(t.val)) {
            throw this.error(
              `function "${t.val}" is not supported by this renderer`,
            );
          }
          throw this.error(`function "${t.val}" not defined`);
        }
        return { type: 'identifier', line: t.line, name: t.val };
      case 'dot':
        return { type: 'dot', line: t.line };
      case 'nil':
        return { type: 'nil', line: t.line };
      case 'variable':
        if (!this.vars.includes(t.val))
          throw this.error(`undefined variable "${t.val}"`);
        return { type: 'variable', line: t.line, ident: [t.val] };
      case 'field':
        return { type: 'field', line: t.line, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', line: t.line, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return {
          type: 'number',
          line: t.line,
          text: t.val,
          num: this.literal(() => parseNumber(t.val, t.type)),
        };
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return {
          type: 'string',
          line: t.line,
          quoted: t.val,
          value: this.literal(() => goUnquote(t.val)),
        };
      default:
        this.backup();
        return undefined;
    }
  }

  private literal<T>(parse: () => T): T {
    try {
      return parse();
    } catch (e) {
      if (e instanceof LiteralSyntaxError)
        throw this.error(e.message || 'invalid syntax');
      if (e instanceof Unsupported) throw this.error(e.message);
      throw e;
    }
  }
}

// ---------------------------------------------------------------------------
// Executor (text/template/exec.go)

const MISSING: unique symbol = Symbol('missing');
type Final = Value | typeof MISSING;

class LoopSignal extends Error {
  constructor(readonly kind: 'break' | 'continue') {
    super(kind);
  }
}

class Exec {
  private readonly vars: Array<{ name: string; value: Value }>;
  private readonly out: string[] = [];
  private line = 1;

  constructor(root: Value, private readonly missingKey: MissingKey) {
    this.vars = [{ name: '$', value: root }];
  }

  run(tree: TreeNode[]): string {
    this.walkList(this.vars[0].value, tree);
    return this.out.join('');
  }

  private error(reason: string): TemplateError {
    return new TemplateError(this.line, reason);
  }

  private at(n: { line: number }) {
    this.line = n.line;
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    throw this.error(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: Value) {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    throw this.error(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: Value) {
    this.vars[this.vars.length - n].value = value;
  }

  private walkList(dot: Value, list: TreeNode[]) {
    for (const node of list) this.walk(dot, node);
  }

  private walk(dot: Value, node: TreeNode) {
    this.at(node);
    switch (node.type) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        // Variables an action declares persist until the enclosing {{end}}.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0)
          this.out.push(val === undefined ? '<no value>' : fmtV(val));
        return;
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      default:
        throw new LoopSignal(node.type);
    }
  }

  private walkIfOrWith(dot: Value, node: BranchNode) {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (truth(val))
        this.walkList(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList) this.walkList(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: Value, node: BranchNode) {
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const mark = this.vars.length;
      const { decl, isAssign } = node.pipe;
      const oneIteration = (index: Value, elem: Value) => {
        if (decl.length > 0) {
          if (isAssign) this.setVar(decl[0], decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (isAssign) this.setVar(decl[1], elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walkList(elem, node.list);
        } catch (e) {
          if (!(e instanceof LoopSignal && e.kind === 'continue')) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      const kind = kindOf(val);
      if (kind === 'int' || kind === 'uint') {
        if (decl.length > 1)
          throw this.error(
            `can't use ${fmtV(val)} to iterate over more than one variable`,
          );
        const n = numOf(val);
        for (let i = 0; i < n; i++)
          oneIteration(
            undefined,
            val instanceof GoNum ? new GoNum(val.type, i) : i,
          );
        if (n > 0) return;
      } else if (Array.isArray(val)) {
        val.forEach((elem, i) => oneIteration(new GoNum('int', i), elem));
        if (val.length > 0) return;
      } else if (isGoMap(val)) {
        const keys = sortedKeys(val);
        keys.forEach(k => oneIteration(k, val[k]));
        if (keys.length > 0) return;
      } else if (val !== undefined && !(val instanceof NilMap)) {
        throw this.error(`range can't iterate over ${fmtV(val)}`);
      }
      if (node.elseList) this.walkList(dot, node.elseList);
    } catch (e) {
      if (!(e instanceof LoopSignal && e.kind === 'break')) throw e;
    } finally {
      this.vars.length = outer;
    }
  }

  private evalPipeline(dot: Value, pipe: PipeNode): Value {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} digs down to an invalid value.
      if (value === null) value = undefined;
    }
    const result = value as Value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, result);
      else this.vars.push({ name, value: result });
    }
    return result;
  }

  private notAFunction(args: ArgNode[], final: Final) {
    if (args.length > 1 || final !== MISSING) {
      throw this.error(
        `can't give argument to non-function ${nodeString(args[0])}`,
      );
    }
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        this.at(first);
        return this.evalCall(dot, first.name, cmd, cmd.args.slice(1), final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(first, cmd.args, final);
      default:
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        throw this.error('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      default:
        return first.value;
    }
  }

  private idealConstant(n: NumberNode): Value {
    this.at(n);
    if (n.num.floatSyntax)
      return Number.isInteger(n.num.value)
        ? new GoNum('float64', n.num.value)
        : n.num.value;
    return new GoNum('int', n.num.value);
  }

  private evalFieldNode(
    dot: Value,
    field: FieldNode,
    args: ArgNode[],
    final: Final,
  ): Value {
    this.at(field);
    return this.evalFieldChain(dot, field.ident, args, final);
  }

  private evalChainNode(
    dot: Value,
    chain: ChainNode,
    args: ArgNode[],
    final: Final,
  ): Value {
    this.at(chain);
    if (chain.node.type === 'nil')
      throw this.error(
        `indirection through explicit nil in ${nodeString(chain)}`,
      );
    const receiver = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(receiver, chain.field, args, final);
  }

  private evalVariableNode(
    v: VariableNode,
    args: ArgNode[],
    final: Final,
  ): Value {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    receiver: Value,
    ident: string[],
    args: ArgNode[],
    final: Final,
  ): Value {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++)
      r = this.evalField(ident[i], [], MISSING, r, i > 0);
    return this.evalField(
      ident[ident.length - 1],
      args,
      final,
      r,
      ident.length > 1,
    );
  }

  /** `fromMap`: the receiver is a map element, an interface{} to Go. */
  private evalField(
    name: string,
    args: ArgNode[],
    final: Final,
    receiver: Value,
    fromMap: boolean,
  ): Value {
    if (receiver === undefined) {
      if (this.missingKey === 'error')
        throw this.error(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null)
      throw this.error(`nil pointer evaluating interface {}.${name}`);
    if (isMapLike(receiver)) {
      if (args.length > 1 || final !== MISSING)
        throw this.error(`${name} is not a method but has arguments`);
      if (isGoMap(receiver) && hasOwn(receiver, name)) return receiver[name];
      if (this.missingKey === 'error')
        throw this.error(`map has no entry for key ${goQuote(name)}`);
      return this.missingKey === 'zero' ? null : undefined;
    }
    throw this.error(
      `can't evaluate field ${name} in type ${
        fromMap ? 'interface {}' : typeName(receiver)
      }`,
    );
  }

  private evalCall(
    dot: Value,
    name: string,
    node: { line: number },
    args: ArgNode[],
    final: Final,
  ): Value {
    const fn = FUNCS[name];
    const numIn = args.length + (final === MISSING ? 0 : 1);
    if (fn.variadic) {
      if (numIn < fn.params.length) {
        throw this.error(
          `wrong number of args for ${name}: want at least ${fn.params.length} got ${args.length}`,
        );
      }
    } else if (numIn !== fn.params.length) {
      throw this.error(
        `wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`,
      );
    }
    if (name === 'and' || name === 'or') {
      let v: Value = undefined;
      for (const arg of args) {
        v = this.evalArg(dot, 'value', arg);
        if (truth(v) === (name === 'or')) return v;
      }
      return final === MISSING ? v : this.validateType(final, 'value');
    }
    const numFixed = fn.variadic ? fn.params.length : args.length;
    const argv: Value[] = [];
    args.forEach((arg, i) => {
      argv.push(
        this.evalArg(dot, i < numFixed ? fn.params[i] : fn.variadic!, arg),
      );
    });
    if (final !== MISSING) {
      let t = fn.params[fn.params.length - 1];
      if (fn.variadic)
        t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      this.at(node);
      if (e instanceof CallError)
        throw this.error(`error calling ${name}: ${e.message}`);
      if (e instanceof Unsupported) throw this.error(e.message);
      throw e;
    }
  }

  private evalArg(dot: Value, type: ParamType | null, n: ArgNode): Value {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'any') return null;
        if (type === 'value') return undefined;
        if (type === 'map') return NIL_MAP;
        throw this.error(
          `cannot assign nil to ${PARAM_TYPE_NAMES[type ?? 'any']}`,
        );
      case 'field':
        return this.validateType(
          this.evalFieldNode(dot, n, [n], MISSING),
          type,
        );
      case 'variable':
        return this.validateType(this.evalVariableNode(n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(
          this.evalCall(dot, n.name, n, [], MISSING),
          type,
        );
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), type);
      default:
    }
    switch (type) {
      case 'string':
        if (n.type === 'string') return n.value;
        throw this.error(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.type === 'number' && n.num.isInt)
          return new GoNum('int', n.num.value);
        throw this.error(`expected integer; found ${nodeString(n)}`);
      case 'map':
        throw this.error(
          `can't handle ${nodeString(n)} for arg of type ${
            PARAM_TYPE_NAMES.map
          }`,
        );
      default:
        if (n.type === 'number') return this.idealConstant(n);
        return n.value;
    }
  }

  private validateType(value: Value, type: ParamType | null): Value {
    if (value === undefined) {
      switch (type) {
        case null:
        case 'value':
          return undefined;
        case 'any':
          return null;
        case 'map':
          return NIL_MAP;
        default:
          throw this.error(`invalid value; expected ${PARAM_TYPE_NAMES[type]}`);
      }
    }
    switch (type) {
      case null:
      case 'any':
      case 'value':
        return value;
      case 'string':
        if (typeof value === 'string') return value;
        break;
      case 'int':
        if (value instanceof GoNum && value.type === 'int') return value;
        break;
      default:
        if (isMapLike(value)) return value;
    }
    throw this.error(
      `wrong type for value; expected ${PARAM_TYPE_NAMES[type]}; got ${typeName(
        value,
      )}`,
    );
  }
}

// ---------------------------------------------------------------------------
// Entry point

/**
 * Renders `source` with `data` as Go's text/template would inside
 * function-go-templating. `data` is taken as JSON (as the function sees the
 * request).
 */
export function renderGoTemplate(
  source: string,
  data: unknown,
  options: GoTemplateOptions = {},
): string {
  const missingKey = parseOptions(options.options ?? []);
  let left = '{{';
  let right = '}}';
  if (
    options.delims?.left !== undefined &&
    options.delims?.right !== undefined
  ) {
    left = options.delims.left || '{{';
    right = options.delims.right || '}}';
  }
  const tokens = new Lexer(source, left, right).run();
  const tree = new Parser(tokens).parse();
  return new Exec(fromJson(data), missingKey).run(tree);
}

type MissingKey = 'default' | 'zero' | 'error';

function parseOptions(opts: string[]): MissingKey {
  let missingKey: MissingKey = 'default';
  for (const opt of opts) {
    const parts = opt.split('=');
    if (parts.length === 2 && parts[0] === 'missingkey') {
      switch (parts[1]) {
        case 'default':
        case 'invalid':
          missingKey = 'default';
          continue;
        case 'zero':
          missingKey = 'zero';
          continue;
        case 'error':
          missingKey = 'error';
          continue;
        default:
      }
    }
    throw new TemplateError(0, `unrecognized option: ${opt}`);
  }
  return missingKey;
}
