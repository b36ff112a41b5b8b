/** fmt's Sprint and Sprintf for the verbs and flags the renderer supports. */
import { Unsupported } from './errors';
import { formatInt, formatNumber, goQuote } from './strconv';
import {
  isGoMap,
  kindOf,
  NilMap,
  numOf,
  runeCount,
  sortedKeys,
  typeName,
  Value,
} from './values';

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

export const fmtV = (v: Value) => fmtValue(v, 'v', PLAIN_FMT);

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: Value[]): string {
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
export function sprintf(format: string, args: Value[]): string {
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
