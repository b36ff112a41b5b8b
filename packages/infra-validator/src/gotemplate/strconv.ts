/** Go's number formatting, quoting and integer parsing (strconv). */
import { kindOf, numOf, Value } from './values';

export function formatInt(n: number): string {
  return BigInt(n).toString();
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses. */
export function formatFloat(f: number): string {
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

export function formatNumber(v: Value): string {
  return kindOf(v) === 'float' ? formatFloat(numOf(v)) : formatInt(numOf(v));
}

export const hex = (n: number, width: number) =>
  n.toString(16).padStart(width, '0');

/** strconv.IsPrint */
export function isGoPrint(cp: number): boolean {
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
export function goQuote(s: string): string {
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
export function goRune(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return isGoPrint(cp) ? `${u} '${ch}'` : u;
}

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
export function parseGoInt64(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const n = m[1] === '-' ? -bigIntOfGoInt(m[2]) : bigIntOfGoInt(m[2]);
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
}

/** strconv.ParseUint(s, 0, 64) succeeds. */
export function parsesAsGoUint64(s: string): boolean {
  const m = GO_INT.exec(s);
  return !!m && m[1] === '' && bigIntOfGoInt(m[2]) <= UINT64_MAX;
}
