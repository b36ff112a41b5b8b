/**
 * Crossplane field paths (`spec.forProvider.tags[Name]`, `a.b[0].c`,
 * `metadata.annotations['x.y/z']`) and whether a path exists in an OpenAPI
 * schema, so a patch that writes to a misspelt field fails here instead of
 * being silently dropped by the API server.
 */
type Json = Record<string, any>;

export type Segment = string | number;

export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|([^\]]*))\]/g;
  let consumed = 0;
  for (const m of path.matchAll(re)) {
    const between = path.slice(consumed, m.index);
    if (between !== '' && between !== '.') {
      throw new Error(`malformed field path "${path}"`);
    }
    consumed = m.index + m[0].length;
    if (m[1] !== undefined) out.push(m[1]);
    else {
      const inner = m[2] ?? m[3] ?? m[4] ?? '';
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
    }
  }
  if (consumed !== path.length || out.length === 0) {
    throw new Error(`malformed field path "${path}"`);
  }
  return out;
}

/**
 * Undefined when the path exists (or reaches a part of the schema that keeps
 * unknown fields, or an untyped object such as `metadata` in a CRD), else
 * the reason it does not.
 */
export function missingInSchema(
  schema: Json | undefined,
  path: string,
): string | undefined {
  let segments: Segment[];
  try {
    segments = parseFieldPath(path);
  } catch (e) {
    return (e as Error).message;
  }
  let node = schema;
  const walked: string[] = [];
  for (const seg of segments) {
    if (!node) return undefined;
    if (node['x-kubernetes-preserve-unknown-fields']) return undefined;
    if (typeof seg === 'number' || seg === '*') {
      if (!node.items) return `${walked.join('.') || 'root'} is not a list`;
      node = node.items;
    } else if (node.properties?.[seg]) {
      node = node.properties[seg];
    } else if (typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
    } else if (!node.properties && node.type === 'object') {
      return undefined;
    } else {
      return `no field "${seg}" at ${walked.join('.') || 'the top'}`;
    }
    walked.push(String(seg));
  }
  return undefined;
}

/** Fills in schema defaults, as the API server does before anything reads the object. */
export function applyDefaults(
  schema: Json | undefined,
  value: unknown,
): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map(v => applyDefaults(schema.items, v));
  }
  const out: Json = { ...(value as Json) };
  for (const [k, s] of Object.entries((schema.properties ?? {}) as Json)) {
    if (out[k] === undefined && s.default !== undefined) {
      out[k] = structuredClone(s.default);
    }
    if (out[k] !== undefined) out[k] = applyDefaults(s, out[k]);
  }
  return out;
}
