import { loadConfigSchema } from '@backstage/config-loader';
import { ConfigProblem, LoadedFile } from './checkConfig';

type Json = LoadedFile['data'][string];

type Schema = {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  definitions?: Record<string, Schema>;
};

/** A schema node and the document its `$ref`s resolve in. */
type Node = { schema: Schema; root: Schema };

/**
 * The config schemas every package of the backend declares (their
 * `config.d.ts`), as Backstage itself collects them. Takes a few seconds:
 * it compiles the declarations.
 */
export async function declaredSchemas(
  backendPackageJson: string,
): Promise<Schema[]> {
  const schema = await loadConfigSchema({
    dependencies: ['backend'],
    packagePaths: [backendPackageJson],
  });
  const { schemas } = schema.serialize() as {
    schemas: Array<{ value: Schema }>;
  };
  return schemas.map(entry => entry.value);
}

function resolve(node: Node): Node[] {
  const { schema, root } = node;
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = root.definitions?.[name];
    return target ? resolve({ schema: target, root }) : [];
  }
  const parts = [
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ];
  return [node, ...parts.flatMap(part => resolve({ schema: part, root }))];
}

/** The schema nodes that describe `key` under any of `nodes`. */
function childNodes(nodes: Node[], key: string): Node[] | 'open' {
  const found: Node[] = [];
  let open = false;
  for (const { schema, root } of nodes) {
    const named = schema.properties?.[key];
    if (named) found.push({ schema: named, root });
    for (const [pattern, value] of Object.entries(
      schema.patternProperties ?? {},
    )) {
      if (new RegExp(pattern).test(key)) found.push({ schema: value, root });
    }
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object') found.push({ schema: extra, root });
    if (extra === true) open = true;
  }
  if (found.length) return found.flatMap(resolve);
  return open ? 'open' : [];
}

/** Whether a node says nothing about which keys an object may have. */
const isFreeForm = (nodes: Node[]) =>
  nodes.every(
    ({ schema }) =>
      !schema.properties &&
      !schema.patternProperties &&
      schema.additionalProperties === undefined,
  );

function distance(source: string, target: string): number {
  const row = Array.from({ length: target.length + 1 }, (_, index) => index);
  for (let sourceIndex = 1; sourceIndex <= source.length; sourceIndex++) {
    let previous = row[0];
    row[0] = sourceIndex;
    for (let targetIndex = 1; targetIndex <= target.length; targetIndex++) {
      const current = row[targetIndex];
      row[targetIndex] = Math.min(
        row[targetIndex] + 1,
        row[targetIndex - 1] + 1,
        previous +
          (source[sourceIndex - 1] === target[targetIndex - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[target.length];
}

function suggestion(nodes: Node[], key: string): string {
  const names = nodes.flatMap(({ schema }) =>
    Object.keys(schema.properties ?? {}),
  );
  const best = names
    .map(name => ({ name, d: distance(key.toLowerCase(), name.toLowerCase()) }))
    .sort((left, right) => left.d - right.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 4))
    ? `; did you mean ${best.name}?`
    : '';
}

function walk(
  file: string,
  value: Json | undefined,
  nodes: Node[],
  at: string[],
  problems: ConfigProblem[],
) {
  if (Array.isArray(value)) {
    const items = nodes.flatMap(({ schema, root }) =>
      schema.items && !Array.isArray(schema.items)
        ? resolve({ schema: schema.items, root })
        : [],
    );
    if (items.length) {
      value.forEach((item, index) =>
        walk(
          file,
          item,
          items,
          [...at.slice(0, -1), `${at.at(-1)}[${index}]`],
          problems,
        ),
      );
    }
    return;
  }
  if (!value || typeof value !== 'object' || isFreeForm(nodes)) return;
  for (const [key, child] of Object.entries(value)) {
    const next = childNodes(nodes, key);
    if (next === 'open') continue;
    const path = [...at, key];
    if (next.length === 0) {
      problems.push({
        file,
        key: path.join('.'),
        message: `unknown key ${path.join(
          '.',
        )}: no package of the portal reads it${suggestion(nodes, key)}`,
      });
      continue;
    }
    walk(file, child, next, path, problems);
  }
}

/**
 * Keys under `trinity` that no package declares: a typo there is otherwise
 * silently ignored (a deadline or a safety threshold left at its default).
 * Every key of Trinity's own namespace is declared in the `config.d.ts` of
 * the package that reads it, so an undeclared one is a mistake.
 */
export function unknownTrinityKeys(
  schemas: Schema[],
  files: LoadedFile[],
): ConfigProblem[] {
  const roots = schemas.flatMap(schema => {
    const nodes = childNodes(resolve({ schema, root: schema }), 'trinity');
    return nodes === 'open' ? [] : nodes;
  });
  const problems: ConfigProblem[] = [];
  for (const { file, data } of files) {
    walk(file, data.trinity, roots, ['trinity'], problems);
  }
  return problems;
}
