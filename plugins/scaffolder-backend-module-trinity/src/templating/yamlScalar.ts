import { parse } from 'yaml';

/** Characters a plain scalar may hold here, in block and flow context alike. */
const PLAIN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._/@=+:*-]*[A-Za-z0-9._/@=+*-])?$/;
/** Line breaks and other control characters: only a double-quoted scalar escapes them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** YAML 1.1 booleans: Kubernetes' parsers still read `on` or `yes` as true. */
const YAML11_BOOLEAN = /^(y|n|yes|no|on|off|true|false)$/i;

/**
 * A value as one YAML scalar, for the templates' `| yaml` filter: plain
 * when it reads back as the same string in any YAML context (names,
 * hostnames, refs — so rendered files look as written by hand), else
 * single-quoted when it is one line, else double-quoted with every special
 * character escaped (JSON's escapes are YAML's). Whatever a user types — a
 * newline, `: `, `#`, a quote, a bracket — stays inside the value it was
 * typed into: it cannot add a key, a document or a comment.
 */
export function yamlScalar(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? String(value)
      : JSON.stringify(String(value));
  }
  if (typeof value === 'boolean') return String(value);
  // A list as a flow sequence of scalars: `[a, b]`.
  if (Array.isArray(value)) return `[${value.map(yamlScalar).join(', ')}]`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (
    PLAIN.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !YAML11_BOOLEAN.test(text) &&
    parse(text) === text
  ) {
    return text;
  }
  // Single-quoted: one line, nothing special but the quote itself (doubled).
  if (!CONTROL.test(text)) return `'${text.replace(/'/g, "''")}'`;
  // JSON leaves U+2028/9 as they are; escaped, nothing reads them as a break.
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
