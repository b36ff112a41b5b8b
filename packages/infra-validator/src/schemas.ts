import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { splitApiVersion } from './load';
import { toCel } from './kyverno/cel';

type Json = Record<string, any>;

/** A schema finding: JSON pointer into the object and the reason. */
export interface SchemaError {
  pointer: string;
  reason: string;
}

/** One vendored kind, as written by schemas/tools/vendor-crds.mjs. */
interface VendoredKind {
  group: string;
  version: string;
  kind: string;
  scope?: string;
  schema: Json;
}

interface Entry {
  kind: VendoredKind;
  source: string;
}

/**
 * `partial` is for Crossplane composition bases: patches fill fields in
 * later, so missing required fields and CEL rules are not errors there;
 * unknown fields and wrong types still are.
 */
export interface ValidateOptions {
  partial?: boolean;
}

// The metadata every object carries. CRD schemas declare it only as
// `type: object`; this catches `metadata.label` and the like.
const objectMeta: Json = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array', items: { type: 'object' } },
  },
  additionalProperties: false,
};

/**
 * Kubernetes structural schemas prune unknown fields silently; a validator
 * should name them instead (like `kubectl --validate=strict`), so every
 * object with declared properties is closed unless it says it keeps unknown
 * fields. Descriptions are dropped; `required` too for partial objects.
 */
function strictify(node: unknown, partial: boolean): unknown {
  if (Array.isArray(node)) return node.map(n => strictify(n, partial));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'description' || k === 'x-kubernetes-validations') continue;
    if (k === 'required' && partial) continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(v as Json).map(([p, s]) => [p, strictify(s, partial)]),
      );
    } else if (k === 'default' || k === 'enum' || k === 'example') {
      out[k] = v;
    } else {
      out[k] = strictify(v, partial);
    }
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  if (out['x-kubernetes-int-or-string'] && !out.type && !out.anyOf) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

function rootSchema(schema: Json, partial: boolean): Json {
  const s = strictify(schema, partial) as Json;
  s.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    ...s.properties,
    metadata: objectMeta,
  };
  if (!partial) s.required = [...new Set([...(s.required ?? []), 'metadata'])];
  s.additionalProperties = s.additionalProperties ?? false;
  return s;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field "${e.params.additionalProperty}"`;
    case 'required':
      return `missing required field "${e.params.missingProperty}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')} (got ${JSON.stringify(e.data)})`;
    case 'type':
      return `must be ${e.params.type} (got ${JSON.stringify(e.data)})`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Walks object and schema together and evaluates every CEL rule the schema
 * declares (`x-kubernetes-validations`) on the value it applies to, as the
 * API server does. This is how Crossplane providers say which parameters a
 * managed resource needs. Rules about transitions (`oldSelf`) cannot apply
 * to a file and are skipped; a rule the CEL library cannot evaluate is
 * skipped rather than guessed.
 */
function celErrors(
  schema: Json,
  value: unknown,
  pointer: string,
): SchemaError[] {
  if (!schema || value === undefined || value === null) return [];
  const out: SchemaError[] = [];
  for (const rule of (schema['x-kubernetes-validations'] ?? []) as Json[]) {
    if (typeof rule.rule !== 'string' || rule.rule.includes('oldSelf'))
      continue;
    let result: unknown;
    try {
      result = run(rule.rule, { self: toCel(value) }, { funcs: strings });
    } catch {
      continue;
    }
    if (result === false) {
      out.push({
        pointer: pointer || '/',
        reason: rule.message ?? `fails rule ${rule.rule}`,
      });
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) =>
      out.push(...celErrors(schema.items, v, `${pointer}/${i}`)),
    );
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Json)) {
      const sub =
        schema.properties?.[k] ??
        (typeof schema.additionalProperties === 'object'
          ? schema.additionalProperties
          : undefined);
      if (sub) out.push(...celErrors(sub, v, `${pointer}/${k}`));
    }
  }
  return out;
}

/**
 * CRD patterns are Go (RE2) regular expressions. The one difference that
 * occurs in the vendored schemas is a leading `(?i)` flag, which becomes
 * the JavaScript `i` flag. A pattern JavaScript still cannot compile is
 * not checked rather than failing the whole schema.
 */
function goRegExp(pattern: string, flags: string) {
  let p = pattern;
  let f = flags;
  if (p.startsWith('(?i)')) {
    p = p.slice(4);
    f = `${f}i`;
  }
  try {
    return new RegExp(p, f);
  } catch {
    return /(?:)/;
  }
}

const coreGroups = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apps',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

// Compiling the large provider schemas dominates a run, and the vendored
// files never change during a process: both are shared by every registry
// (the tests validate the repo two dozen times).
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateFormats: false,
  verbose: true,
  code: { regExp: goRegExp as any },
});
const compiledBySchema = new Map<string, ValidateFunction>();
const vendoredFiles = new Map<string, { mtimeMs: number; doc: Json }>();

function readVendored(file: string): Json {
  const { mtimeMs } = fs.statSync(file);
  const cached = vendoredFiles.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.doc;
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  vendoredFiles.set(file, { mtimeMs, doc });
  return doc;
}

function compile(schema: Json, partial: boolean): ValidateFunction {
  const key = crypto
    .createHash('sha1')
    .update(`${partial}:${JSON.stringify(schema)}`)
    .digest('hex');
  let fn = compiledBySchema.get(key);
  if (!fn) {
    fn = ajv.compile(rootSchema(schema, partial));
    compiledBySchema.set(key, fn);
  }
  return fn;
}

/**
 * Schemas by apiVersion and kind: Kubernetes' own kinds from the
 * `kubernetes-models` package, everything else from the CRD schemas vendored
 * under `schemas/` (see schemas/SOURCES.md) and from the repo's own XRDs.
 */
export class SchemaRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly compiled = new Map<string, ValidateFunction>();

  static fromDirectories(dirs: string[]): SchemaRegistry {
    const registry = new SchemaRegistry();
    for (const dir of dirs) {
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.json'))) {
        const doc = readVendored(path.join(dir, f));
        for (const kind of doc.kinds as VendoredKind[]) {
          registry.add(kind, `${doc.source.repository}@${doc.source.ref}`);
        }
      }
    }
    return registry;
  }

  add(kind: VendoredKind, source: string) {
    const key = `${kind.group}/${kind.version}/${kind.kind}`;
    this.entries.set(key, { kind, source });
  }

  /** Registers the kinds a CompositeResourceDefinition serves (v1 and v2). */
  addXrd(xrd: Json) {
    const spec = xrd.spec ?? {};
    for (const version of spec.versions ?? []) {
      const schema: Json = structuredClone(
        version.schema?.openAPIV3Schema ?? { type: 'object' },
      );
      schema.type = 'object';
      schema.properties = schema.properties ?? {};
      const specSchema = (schema.properties.spec = schema.properties.spec ?? {
        type: 'object',
      });
      specSchema.properties = specSchema.properties ?? {};
      // Fields Crossplane adds to every composite resource (v2: under
      // spec.crossplane; v1: at the top of spec).
      const crossplane = {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      };
      specSchema.properties.crossplane = crossplane;
      for (const legacy of [
        'compositionRef',
        'compositionSelector',
        'compositionUpdatePolicy',
        'compositionRevisionRef',
        'writeConnectionSecretToRef',
        'resourceRefs',
      ]) {
        if (xrd.apiVersion?.endsWith('/v1'))
          specSchema.properties[legacy] = crossplane;
      }
      schema.properties.status = {
        ...(schema.properties.status ?? {}),
        'x-kubernetes-preserve-unknown-fields': true,
      };
      this.add(
        {
          group: spec.group,
          version: version.name,
          kind: spec.names?.kind,
          scope: spec.scope ?? 'Namespaced',
          schema,
        },
        `XRD ${xrd.metadata?.name}`,
      );
    }
  }

  /** The raw vendored schema of a kind (for following patch paths). */
  schemaOf(apiVersion: unknown, kind: unknown): Json | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    return this.entries.get(`${group}/${version}/${kind}`)?.kind.schema;
  }

  /**
   * Validates one object. Returns undefined when no schema knows its kind,
   * so the caller can say so.
   */
  validate(
    object: Json,
    options: ValidateOptions = {},
  ): SchemaError[] | undefined {
    const [group, version] = splitApiVersion(object.apiVersion);
    const kind = String(object.kind);
    const entry = this.entries.get(`${group}/${version}/${kind}`);
    if (!entry) {
      const model = this.coreModel(group, version, kind);
      return model ? this.validateCore(model, object) : undefined;
    }
    const key = `${group}/${version}/${kind}/${options.partial ? 'p' : 'f'}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = compile(entry.kind.schema, !!options.partial);
      this.compiled.set(key, fn);
    }
    const errors: SchemaError[] = [];
    if (!fn(object)) {
      for (const e of fn.errors ?? []) {
        if (['anyOf', 'oneOf', 'if'].includes(e.keyword)) continue;
        errors.push({ pointer: e.instancePath || '/', reason: describe(e) });
      }
    }
    if (!options.partial && errors.length === 0) {
      errors.push(...celErrors(entry.kind.schema, object, ''));
    }
    return errors;
  }

  private coreModel(group: string, version: string, kind: string) {
    if (!coreGroups.has(group) || !/^[A-Z][A-Za-z]+$/.test(kind)) {
      return undefined;
    }
    const modulePath = `kubernetes-models/${
      group ? `${group}/` : ''
    }${version}/${kind}`;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(modulePath);
      return mod[kind] as new (o: Json) => { validate(): void };
    } catch {
      return undefined;
    }
  }

  private validateCore(
    Model: new (o: Json) => { validate(): void },
    object: Json,
  ): SchemaError[] {
    try {
      new Model(object).validate();
      return [];
    } catch (e) {
      // kubernetes-models joins Ajv's messages: "data/spec/x must be array, …"
      return String((e as Error).message)
        .split(/, (?=data)/)
        .map(m => {
          const match = /^data(\S*) (.*)$/.exec(m);
          return match
            ? { pointer: match[1] || '/', reason: match[2] }
            : { pointer: '/', reason: m };
        });
    }
  }
}
