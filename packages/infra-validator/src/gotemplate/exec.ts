/** The executor (text/template/exec.go): runs a parse tree against the data. */
import {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  nodeString,
  NumberNode,
  PipeNode,
  TreeNode,
  VariableNode,
} from './ast';
import { PARAM_TYPE_NAMES, ParamType } from './builtins';
import { CallError, TemplateError, Unsupported } from './errors';
import { FUNCS } from './funcs';
import { fmtV } from './printf';
import { goQuote } from './strconv';
import {
  GoNum,
  hasOwn,
  isGoMap,
  isMapLike,
  kindOf,
  NIL_MAP,
  NilMap,
  numOf,
  sortedKeys,
  truth,
  typeName,
  Value,
} from './values';

const MISSING: unique symbol = Symbol('missing');
type Final = Value | typeof MISSING;

class LoopSignal extends Error {
  constructor(readonly kind: 'break' | 'continue') {
    super(kind);
  }
}

export class Exec {
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

export type MissingKey = 'default' | 'zero' | 'error';
