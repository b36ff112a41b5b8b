/*
 * gopkg.in/yaml.v3 Marshal (function-go-templating's toYaml): a port of the
 * emitter paths block mappings, block sequences, empty flow collections and
 * scalars take, with the encoder's choice of scalar styles.
 */
import { Buffer } from 'node:buffer';
import { GoMap, isMapLike, newMap, NilMap, runeCount, Value } from './values';
import {
  analyzeScalar,
  isYamlBreak,
  isYamlPrintable,
  ScalarStyle,
  sortYamlKeys,
  yamlEscape,
  yamlNumber,
  yamlStringStyle,
} from './yamlscalar';

const YAML_INDENT = 4;

export class YamlEncoder {
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
