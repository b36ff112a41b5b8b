// TypeScript types from the JSON Schemas of an OpenAPI 3.1 document: one
// named type per `components.schemas` entry, and `typeOf` for the inline
// schemas of parameters, bodies and responses. Only what our specs use is
// supported; anything else fails generation, so that a spec never silently
// turns into `unknown`.

const refName = ref => {
  const match = /^#\/components\/schemas\/(\w+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  return match[1];
};

const literal = value => JSON.stringify(value);

const propertyKey = key =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);

/** A JSDoc block from a schema's description, indented to `indent`. */
export function doc(description, indent = '') {
  if (!description) return '';
  const lines = String(description).trim().split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines
    .map(l => `${indent} * ${l}`.trimEnd())
    .join('\n')}\n${indent} */\n`;
}

/** The parts of a schema that say what a value is (not if/then rules). */
const shapes = schema =>
  (schema.allOf ?? []).filter(
    part => part.$ref || part.type || part.properties || part.oneOf,
  );

function objectType(schema, indent) {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([key, prop]) =>
      `${doc(prop.description, inner)}${inner}${propertyKey(key)}${
        required.has(key) ? '' : '?'
      }: ${typeOf(prop, inner)};`,
  );
  const extra = schema.additionalProperties;
  if (extra === true || (extra === undefined && !schema.properties)) {
    members.push(`${inner}[key: string]: unknown;`);
  } else if (extra && typeof extra === 'object') {
    members.push(`${inner}[key: string]: ${typeOf(extra, inner)};`);
  }
  return members.length ? `{\n${members.join('\n')}\n${indent}}` : '{}';
}

function baseType(schema, indent) {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.oneOf || schema.anyOf) {
    return (schema.oneOf ?? schema.anyOf)
      .map(s => typeOf(s, indent))
      .join(' | ');
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const parts = types.map(type => {
    switch (type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return `Array<${typeOf(schema.items ?? {}, indent)}>`;
      case 'object':
        return objectType(schema, indent);
      case undefined:
        return schema.properties ? objectType(schema, indent) : 'unknown';
      default:
        throw new Error(`unsupported schema type ${type}`);
    }
  });
  return parts.join(' | ');
}

/** The TypeScript type of a schema, written inline. */
export function typeOf(schema, indent = '') {
  const parts = shapes(schema);
  if (parts.length === 0) return baseType(schema, indent);
  const own =
    schema.type || schema.properties || schema.$ref
      ? [baseType({ ...schema, allOf: undefined }, indent)]
      : [];
  const all = [...own, ...parts.map(p => typeOf(p, indent))];
  return all.length === 1 ? all[0] : `(${all.join(' & ')})`;
}

/** `models.ts`: a named type per component schema, in the spec's order. */
export function renderModels(spec) {
  const schemas = spec.components?.schemas ?? {};
  return Object.entries(schemas)
    .map(([name, schema]) => {
      const type = typeOf(schema);
      // Type aliases, not interfaces: an alias of an object type is
      // assignable to the index signatures of the router's spec-inferred
      // types (an interface is not), so handlers answer with these models.
      const body = `export type ${name} = ${type};`;
      return `${doc(schema.description)}${body}\n`;
    })
    .join('\n');
}
