#!/usr/bin/env node
// Converts already-downloaded upstream CRD YAML files into the vendored
// schema format used by @internal/infra-validator (see ../SOURCES.md).
//
// This script never fetches anything: give it local copies of the upstream
// files, taken from the release tag named with --ref.
//
// Usage:
//   node vendor-crds.mjs --project <name> --repository <owner/name> \
//     --ref <tag> --licence <SPDX id> [--root <dir>] [--kinds <list>] \
//     [--out <file>] <crd.yaml> [<crd.yaml> ...]
//
//   --root   directory the local files were extracted into; the upstream path
//            recorded in source.paths is the file's path relative to it
//            (default: the current directory).
//   --kinds  comma-separated kinds to keep, each `Kind` or `group/Kind`
//            (e.g. `kyverno.io/PolicyException`); default: every CRD found.
//            Every listed kind must be found, unless suffixed with `?`.
//   --out    output file (default: ../<project>.json next to this script).
//   --omit-matching <regex>
//            drop a `default`, `example` or `pattern` keyword whose value
//            matches the (case-insensitive) regex, e.g. upstream defaults that
//            name real service endpoints. Each drop is listed, without its
//            value, in source.omitted; the run fails if the regex still
//            matches anything else in the output.
//
// For every CRD document found (multi-document YAML is fine) and every
// *served* version, one entry { group, version, kind, scope, schema } is
// written, where schema is spec.versions[].schema.openAPIV3Schema with every
// `description` annotation removed. Only the `description` keyword of schema
// objects is removed: a property *named* `description` (under `properties`)
// and data (`default`, `example`, `enum`) are left alone. `deprecated: true`
// (and `deprecationWarning`) are added to an entry when the CRD marks that
// version deprecated. Output is written with a 1-space indent, or minified
// when that would exceed ~300 KB.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const MAX_INDENTED_BYTES = 300 * 1024;

function usage(message) {
  if (message) process.stderr.write(`vendor-crds: ${message}\n`);
  process.stderr.write(
    'usage: node vendor-crds.mjs --project <name> --repository <owner/name> --ref <tag> ' +
      '--licence <SPDX> [--root <dir>] [--kinds <list>] [--out <file>] [--omit-matching <regex>] ' +
      '<crd.yaml>...\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { files: [] };
  const valued = new Set([
    'project',
    'repository',
    'ref',
    'licence',
    'root',
    'kinds',
    'out',
    'omit-matching',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (!valued.has(name)) usage(`unknown option --${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined) usage(`--${name} needs a value`);
      opts[name] = value;
    } else {
      opts.files.push(arg);
    }
  }
  for (const required of ['project', 'repository', 'ref', 'licence']) {
    if (!opts[required]) usage(`--${required} is required`);
  }
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(opts.repository)) {
    usage('--repository must be owner/name');
  }
  if (opts.files.length === 0) usage('no CRD files given');
  return opts;
}

// Keywords whose value is a map of name -> schema.
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
]);
// Keywords whose value is a schema or an array of schemas.
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
]);

// Keywords --omit-matching may drop (annotations, and `pattern`).
const OMITTABLE = new Set(['default', 'example', 'pattern']);

const pointerToken = name =>
  String(name).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Returns a copy of a JSON schema without `description` annotations, and
 * without omittable keywords whose value matches `ctx.omit` (recorded in
 * `ctx.omitted` as JSON pointers into the schema).
 */
function stripDescriptions(schema, ctx = {}, at = '') {
  if (Array.isArray(schema))
    return schema.map((s, i) => stripDescriptions(s, ctx, `${at}/${i}`));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    const here = `${at}/${pointerToken(key)}`;
    if (
      SCHEMA_MAPS.has(key) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [
          name,
          stripDescriptions(sub, ctx, `${here}/${pointerToken(name)}`),
        ]),
      );
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = stripDescriptions(value, ctx, here);
    } else if (
      ctx.omit &&
      OMITTABLE.has(key) &&
      ctx.omit.test(JSON.stringify(value))
    ) {
      ctx.omitted.push({ at: at || '/', keyword: key });
    } else {
      // Data or non-schema keywords (default, example, enum, required,
      // x-kubernetes-validations, ...): copied unchanged.
      out[key] = value;
    }
  }
  return out;
}

function parseKindFilter(list) {
  if (!list) return undefined;
  return list
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(spec => {
      const optional = spec.endsWith('?');
      const bare = optional ? spec.slice(0, -1) : spec;
      const slash = bare.lastIndexOf('/');
      return {
        spec,
        optional,
        group: slash >= 0 ? bare.slice(0, slash) : undefined,
        kind: slash >= 0 ? bare.slice(slash + 1) : bare,
        found: false,
      };
    });
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(opts.root ?? '.');
  const outFile = resolve(opts.out ?? join(here, '..', `${opts.project}.json`));
  const filter = parseKindFilter(opts.kinds);
  const omit = opts['omit-matching']
    ? new RegExp(opts['omit-matching'], 'i')
    : undefined;
  const omitted = [];

  const kinds = [];
  const paths = [];
  for (const file of opts.files) {
    const abs = resolve(file);
    const upstreamPath = relative(root, abs).split(sep).join('/');
    if (upstreamPath.startsWith('..'))
      usage(`${file} is not under --root ${root}`);
    const docs = parseAllDocuments(readFileSync(abs, 'utf8'));
    let used = false;
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        throw new Error(
          `${file}: ${doc.errors.map(e => e.message).join('; ')}`,
        );
      }
      const crd = doc.toJS({ maxAliasCount: -1 });
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names, scope } = crd.spec;
      const wanted = filter?.filter(
        f =>
          f.kind === names.kind && (f.group === undefined || f.group === group),
      );
      if (filter && wanted.length === 0) continue;
      wanted?.forEach(f => (f.found = true));
      for (const v of crd.spec.versions ?? []) {
        if (!v.served) continue;
        const openAPI =
          v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
        if (!openAPI)
          throw new Error(
            `${file}: ${group}/${v.name} ${names.kind} has no schema`,
          );
        const entry = { group, version: v.name, kind: names.kind, scope };
        if (v.deprecated) {
          entry.deprecated = true;
          if (v.deprecationWarning)
            entry.deprecationWarning = v.deprecationWarning;
        }
        const ctx = { omit, omitted: [] };
        entry.schema = stripDescriptions(openAPI, ctx);
        if (omit && omit.test(JSON.stringify(entry.schema))) {
          throw new Error(
            `${file}: ${names.kind} ${v.name} still matches --omit-matching outside default/example/pattern`,
          );
        }
        for (const o of ctx.omitted)
          omitted.push({ kind: names.kind, version: v.name, ...o });
        kinds.push(entry);
        used = true;
      }
    }
    if (!used) throw new Error(`${file}: no wanted CRD in this file`);
    paths.push(upstreamPath);
  }

  const missing = (filter ?? []).filter(f => !f.found && !f.optional);
  if (missing.length > 0) {
    throw new Error(`kinds not found: ${missing.map(f => f.spec).join(', ')}`);
  }

  const result = {
    source: {
      project: opts.project,
      repository: opts.repository,
      ref: opts.ref,
      paths,
      licence: opts.licence,
      stripped: ['description'],
      ...(omitted.length > 0
        ? { omitMatching: opts['omit-matching'], omitted }
        : {}),
    },
    kinds,
  };
  let text = `${JSON.stringify(result, null, 1)}\n`;
  if (Buffer.byteLength(text) > MAX_INDENTED_BYTES)
    text = `${JSON.stringify(result)}\n`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  const summary = kinds
    .map(k => `${k.group}/${k.version} ${k.kind}`)
    .join(', ');
  process.stdout.write(
    `${outFile}: ${Buffer.byteLength(text)} bytes; ${summary}\n`,
  );
}

try {
  main();
} catch (e) {
  process.stderr.write(`vendor-crds: ${e.message}\n`);
  process.exit(1);
}
