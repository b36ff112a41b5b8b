/** The parser (text/template/parse/parse.go): tokens to a parse tree. */
import {
  ArgNode,
  BranchNode,
  CommandNode,
  EndOrElse,
  nodeString,
  PipeNode,
  tokenString,
  TreeNode,
} from './ast';
import { TemplateError, Unsupported } from './errors';
import { KNOWN_FUNCTIONS, SUPPORTED } from './funcs';
import { Token, TokType } from './lexer';
import { goUnquote, LiteralSyntaxError, parseNumber } from './literals';
import { goQuote } from './strconv';

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

export class Parser {
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
