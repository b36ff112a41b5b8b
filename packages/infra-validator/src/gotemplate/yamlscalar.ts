/*
 * gopkg.in/yaml.v3's scalar handling for toYaml: scalar analysis, the
 * resolver that decides when a string needs quotes, key order and escapes.
 */
import {
  formatFloat,
  formatInt,
  parseGoInt64,
  parsesAsGoUint64,
} from './strconv';
import { kindOf, numOf, Value } from './values';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export const isYamlBreak = (c: string) =>
  c === '\r' ||
  c === '\n' ||
  c === '\u0085' ||
  c === '\u2028' ||
  c === '\u2029';

const isYamlBlank = (c: string | undefined) => c === ' ' || c === '\t';

const isYamlBlankz = (c: string) =>
  isYamlBlank(c) || isYamlBreak(c) || c === '\0';

export function isYamlPrintable(cp: number): boolean {
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
export function analyzeScalar(value: string): ScalarAnalysis {
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
export function yamlStringStyle(s: string): ScalarStyle {
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

export function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((a, b) => {
    if (yamlKeyLess(a, b)) return -1;
    if (yamlKeyLess(b, a)) return 1;
    return 0;
  });
}

export function yamlNumber(v: Value): string {
  if (kindOf(v) !== 'float') return formatInt(numOf(v));
  const f = numOf(v);
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isNaN(f)) return '.nan';
  return formatFloat(f);
}

export function yamlEscape(cp: number): string {
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
