#!/usr/bin/env node
// Generates what a plugin's OpenAPI spec implies, as Backstage's repo-tools
// lays it out (ADR 0010 says why we generate it ourselves):
//   node scripts/openapi-generate.mjs <backend-package-dir> [--check]
// reads <dir>/src/schema/openapi.yaml and writes
//   <dir>/src/schema/openapi/generated/router.ts   the spec as a typed
//     constant and `createOpenApiRouter`, which rejects what the spec forbids
// and, when the spec's info names `x-client-package` (a workspace package),
// into that package's src/schema/openapi/generated/:
//   models.ts   a type per component schema
//   client.ts   a typed client, one method per operation
// --check writes nothing and fails if a generated file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderModels } from './openapi/models.mjs';
import { renderClient } from './openapi/client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dir, flag] = process.argv.slice(2);
if (!dir) {
  console.error('usage: openapi-generate.mjs <package-dir> [--check]');
  process.exit(2);
}
const packageName = d =>
  JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).name;
const spec = parse(
  fs.readFileSync(path.join(dir, 'src/schema/openapi.yaml'), 'utf8'),
);
const header = `// This file is generated from ${path.relative(
  root,
  path.resolve(dir, 'src/schema/openapi.yaml'),
)} by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// \`yarn workspace ${packageName(dir)} generate\`.
/* eslint-disable */
`;

const outputs = {
  [path.join(dir, 'src/schema/openapi/generated/router.ts')]: `${header.replace(
    /from \S+ by/,
    'from src/schema/openapi.yaml by',
  )}import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
};

/** A workspace package's directory, by its name. */
function workspaceDir(name) {
  for (const group of ['plugins', 'packages']) {
    for (const entry of fs.readdirSync(path.join(root, group))) {
      const candidate = path.join(root, group, entry);
      if (
        fs.existsSync(path.join(candidate, 'package.json')) &&
        packageName(candidate) === name
      ) {
        return candidate;
      }
    }
  }
  throw new Error(`x-client-package ${name} is not a workspace package`);
}

const clientPackage = spec.info['x-client-package'];
if (clientPackage) {
  const out = path.join(
    workspaceDir(clientPackage),
    'src/schema/openapi/generated',
  );
  const className = `${spec.info.title
    .charAt(0)
    .toUpperCase()}${spec.info.title.slice(1)}ApiClient`;
  outputs[path.join(out, 'models.ts')] = header + renderModels(spec);
  outputs[path.join(out, 'client.ts')] = header + renderClient(spec, className);
  outputs[path.join(out, 'index.ts')] = `${header}export * from './models';
export * from './client';
`;
}

let stale = 0;
for (const [file, text] of Object.entries(outputs)) {
  if (flag === '--check') {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(
        `${path.relative(root, file)} is stale: run the generate script`,
      );
      stale++;
    }
    continue;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)}`);
}
process.exit(stale ? 1 : 0);
