/*
 * Literals (strconv.Unquote, strconv.UnquoteChar, parse.newNumber): string,
 * character and number constants.
 */
import { Buffer } from 'node:buffer';
import { Unsupported } from './errors';
import { TokType } from './lexer';
import { goQuote, parseGoInt64, parsesAsGoUint64 } from './strconv';

export class LiteralSyntaxError extends Error {}

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
export function goUnquote(literal: string): string {
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

export interface NumberInfo {
  /** Usable where Go wants an int (parse.NumberNode.IsInt). */
  isInt: boolean;
  value: number;
  /** idealConstant makes a float64 of it (float syntax), else an int. */
  floatSyntax: boolean;
}

const GO_FLOAT =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;

export function parseNumber(text: string, type: TokType): NumberInfo {
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
