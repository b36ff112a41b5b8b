/**
 * The one PromQL form the demo fleet evaluates: an instant-vector selector,
 * `name{label="v", other=~"re", x!="y", z!~"re"}` (name optional when a
 * matcher is given). Everything else is refused: the demo fleet never makes
 * up an answer to a query it does not understand.
 */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export class UnsupportedQueryError extends Error {}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseSelector(query: string): Matcher[] {
  let rest = query.trim();
  const matchers: Matcher[] = [];
  const name = rest.match(NAME);
  if (name) {
    matchers.push({ name: '__name__', op: '=', value: name[0] });
    rest = rest.slice(name[0].length).trim();
  }
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trim();
    while (!rest.startsWith('}')) {
      const label = rest.match(LABEL);
      if (!label)
        throw new UnsupportedQueryError(
          `unexpected character in label matching: ${JSON.stringify(
            rest[0] ?? '',
          )}`,
        );
      rest = rest.slice(label[0].length).trim();
      const op = rest.match(/^(=~|!~|!=|=)/);
      if (!op)
        throw new UnsupportedQueryError(
          `expected a label matching operator after ${label[0]}`,
        );
      rest = rest.slice(op[0].length).trim();
      const value =
        rest.match(/^"((?:[^"\\]|\\.)*)"/) ??
        rest.match(/^'((?:[^'\\]|\\.)*)'/);
      if (!value)
        throw new UnsupportedQueryError(
          `expected a quoted string for label ${label[0]}`,
        );
      rest = rest.slice(value[0].length).trim();
      matchers.push({
        name: label[0],
        op: op[0] as Matcher['op'],
        value: value[1].replace(/\\(.)/g, '$1'),
      });
      if (rest.startsWith(',')) rest = rest.slice(1).trim();
      else if (!rest.startsWith('}'))
        throw new UnsupportedQueryError('expected , or } in label matching');
    }
    rest = rest.slice(1).trim();
  }
  if (matchers.length === 0) {
    throw new UnsupportedQueryError(
      'the demo fleet evaluates instant-vector selectors only (metric{label="value"})',
    );
  }
  if (rest.length > 0) {
    throw new UnsupportedQueryError(
      `the demo fleet evaluates instant-vector selectors only; cannot evaluate ${JSON.stringify(
        query,
      )}`,
    );
  }
  if (
    matchers.every(matcher => matcher.op !== '=' || matcher.value === '') &&
    !matchers.some(
      matcher =>
        matcher.op === '=~' && !new RegExp(`^(?:${matcher.value})$`).test(''),
    )
  ) {
    throw new UnsupportedQueryError(
      'vector selector must contain at least one non-empty matcher',
    );
  }
  return matchers;
}

export function matches(
  labels: Record<string, string>,
  matchers: Matcher[],
): boolean {
  return matchers.every(matcher => {
    const value = labels[matcher.name] ?? '';
    switch (matcher.op) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return new RegExp(`^(?:${matcher.value})$`).test(value);
      case '!~':
        return !new RegExp(`^(?:${matcher.value})$`).test(value);
      default:
        return false;
    }
  });
}
