// A typed client from an OpenAPI 3.1 document: one method per operation,
// taking `{ path, query, headers, body }` as the spec declares them and
// resolving to the body of the 2xx answer, typed by the spec's models. A
// non-2xx answer is thrown as Backstage's ResponseError, as the hand-written
// clients did, so callers see the backend's own error.
import { doc, typeOf } from './models.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const lowerFirst = s => s.charAt(0).toLowerCase() + s.slice(1);

const propertyKey = key =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);

function resolveParameter(spec, parameter) {
  if (!parameter.$ref) return parameter;
  const match = /^#\/components\/parameters\/(\w+)$/.exec(parameter.$ref);
  const found = match && spec.components?.parameters?.[match[1]];
  if (!found) throw new Error(`unresolved parameter ${parameter.$ref}`);
  return found;
}

/** Every operation of the spec with its parameters resolved. */
export function operationsOf(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([route, item]) =>
    METHODS.filter(method => item[method]).map(method => {
      const op = item[method];
      if (!op.operationId) {
        throw new Error(`${method.toUpperCase()} ${route} has no operationId`);
      }
      const parameters = [
        ...(item.parameters ?? []),
        ...(op.parameters ?? []),
      ].map(p => resolveParameter(spec, p));
      const ok = Object.entries(op.responses ?? {}).find(([code]) =>
        /^2/.test(code),
      );
      return {
        route,
        method,
        name: op.operationId,
        description: op.description,
        parameters,
        body: op.requestBody?.content?.['application/json']?.schema,
        bodyRequired: !!op.requestBody?.required,
        response: ok?.[1]?.content?.['application/json']?.schema,
      };
    }),
  );
}

function group(parameters, where) {
  const members = parameters
    .filter(p => p.in === where)
    .map(
      p =>
        `${doc(p.description, '    ')}    ${propertyKey(p.name)}${
          p.required ? '' : '?'
        }: ${typeOf(p.schema ?? {}, '    ')};`,
    );
  if (!members.length) return undefined;
  const required = parameters.some(p => p.in === where && p.required);
  return `  ${where === 'header' ? 'headers' : where}${
    required ? '' : '?'
  }: {\n${members.join('\n')}\n  };`;
}

function requestType(op) {
  const members = ['path', 'query', 'header']
    .map(where => group(op.parameters, where))
    .filter(Boolean);
  if (op.body) {
    members.push(
      `  body${op.bodyRequired ? '' : '?'}: ${typeOf(op.body, '  ')};`,
    );
  }
  return `export type ${op.name}Request = {${
    members.length ? `\n${members.join('\n')}\n` : ''
  }};\n`;
}

/** `/a/{b}` as a template literal that encodes `request.path.b`. */
const urlOf = route =>
  `\`${route.replace(
    /\{(\w+)\}/g,
    (_, name) => `\${encodeURIComponent(request.path.${name})}`,
  )}\``;

function method(op) {
  const response = op.response ? typeOf(op.response, '  ') : 'void';
  const hasQuery = op.parameters.some(p => p.in === 'query');
  const hasHeaders = op.parameters.some(p => p.in === 'header');
  const takes = op.parameters.length || op.body;
  return `${doc(op.description, '  ')}  async ${lowerFirst(op.name)}(${
    takes ? `\n    request: ${op.name}Request,\n  ` : ''
  }): Promise<${response}> {
    return this.send(${JSON.stringify(op.method.toUpperCase())}, ${urlOf(
    op.route,
  )}, {
      query: ${hasQuery ? 'request.query' : 'undefined'},
      headers: ${hasHeaders ? 'request.headers' : 'undefined'},
      body: ${op.body ? 'request.body' : 'undefined'},
    });
  }
`;
}

/** `client.ts`: request types and the client class. */
export function renderClient(spec, className) {
  const ops = operationsOf(spec);
  const pluginId = spec.info.title;
  const body = `${ops.map(requestType).join('\n')}
/**
 * The ${pluginId} API's client, generated from its OpenAPI spec. Takes what it
 * needs from the host (where the plugin lives, and an authenticated fetch),
 * so it works in the browser and between backends alike.
 */
export class ${className} {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

${ops.map(method).join('\n')}
  private async send(
    method: string,
    path: string,
    parts: { query?: object; headers?: object; body?: unknown },
  ): Promise<any> {
    const base = await this.options.discoveryApi.getBaseUrl(${JSON.stringify(
      pluginId,
    )});
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(parts.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.size ? \`?\${query}\` : '';
    const headers: { [name: string]: string } = {};
    for (const [key, value] of Object.entries(parts.headers ?? {})) {
      if (value !== undefined) headers[key] = String(value);
    }
    if (parts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.options.fetchApi.fetch(\`\${base}\${path}\${search}\`, {
      method,
      headers,
      body: parts.body === undefined ? undefined : JSON.stringify(parts.body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.status === 204 ? undefined : res.json();
  }
}
`;
  // Import the models the client names, and only those.
  const code = body.replace(/\/\*\*[\s\S]*?\*\//g, '');
  const used = Object.keys(spec.components?.schemas ?? {}).filter(name =>
    new RegExp(`\\b${name}\\b`).test(code),
  );
  return `import { ResponseError } from '@backstage/errors';
${used.length ? `import type { ${used.join(', ')} } from './models';\n` : ''}
${body}`;
}
