/** The lexer (text/template/parse/lex.go): template text to tokens. */
import { goQuote, goRune, isGoPrint } from './strconv';

export type TokType =
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

export const KEYWORD_TYPES = new Set<TokType>(Object.values(KEYWORDS));

const hasOwnKey = (o: object, key: string) =>
  Object.prototype.hasOwnProperty.call(o, key);

export interface Token {
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

export class Lexer {
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
