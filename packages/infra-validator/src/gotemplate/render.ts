/*
 * The entry point: template options, then lexing, parsing and executing a
 * template.
 */
import { TemplateError } from './errors';
import { Exec, MissingKey } from './exec';
import { Lexer } from './lexer';
import { Parser } from './parser';
import { fromJson } from './values';

/** The GoTemplate input fields that change how a template renders. */
export interface GoTemplateOptions {
  /** GoTemplate `options`, applied as template.Option (e.g. "missingkey=error"). */
  options?: string[];
  /** GoTemplate `delims`; used only when both are given, as function-go-templating does. */
  delims?: { left?: string; right?: string };
}

/**
 * Renders `source` with `data` as Go's text/template would inside
 * function-go-templating. `data` is taken as JSON (as the function sees the
 * request).
 */
export function renderGoTemplate(
  source: string,
  data: unknown,
  options: GoTemplateOptions = {},
): string {
  const missingKey = parseOptions(options.options ?? []);
  let left = '{{';
  let right = '}}';
  if (
    options.delims?.left !== undefined &&
    options.delims?.right !== undefined
  ) {
    left = options.delims.left || '{{';
    right = options.delims.right || '}}';
  }
  const tokens = new Lexer(source, left, right).run();
  const tree = new Parser(tokens).parse();
  return new Exec(fromJson(data), missingKey).run(tree);
}

function parseOptions(opts: string[]): MissingKey {
  let missingKey: MissingKey = 'default';
  for (const opt of opts) {
    const parts = opt.split('=');
    if (parts.length === 2 && parts[0] === 'missingkey') {
      switch (parts[1]) {
        case 'default':
        case 'invalid':
          missingKey = 'default';
          continue;
        case 'zero':
          missingKey = 'zero';
          continue;
        case 'error':
          missingKey = 'error';
          continue;
        default:
      }
    }
    throw new TemplateError(0, `unrecognized option: ${opt}`);
  }
  return missingKey;
}
