/*
 * The parse tree (text/template/parse/node.go, the node types the subset
 * uses) and how nodes and tokens print in errors.
 */
import { KEYWORD_TYPES, Token } from './lexer';
import { NumberInfo } from './literals';
import { goQuote } from './strconv';

export interface FieldNode {
  type: 'field';
  line: number;
  ident: string[];
}
export interface VariableNode {
  type: 'variable';
  line: number;
  ident: string[];
}
export interface ChainNode {
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
export interface NumberNode {
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
export interface PipeNode {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: string[];
  cmds: CommandNode[];
}
export interface CommandNode {
  line: number;
  args: ArgNode[];
}
export type ArgNode =
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
export interface BranchNode {
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
export type TreeNode = TextNode | ActionNode | BranchNode | LoopControlNode;
interface EndNode {
  type: 'end';
  line: number;
}
interface ElseNode {
  type: 'else';
  line: number;
}
export type EndOrElse = EndNode | ElseNode;

export function nodeString(n: ArgNode): string {
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

export function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (KEYWORD_TYPES.has(t.type)) return `<${t.val}>`;
  const runes = Array.from(t.val);
  if (runes.length > 10) return `${goQuote(runes.slice(0, 10).join(''))}...`;
  return goQuote(t.val);
}
