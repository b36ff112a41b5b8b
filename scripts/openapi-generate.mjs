#!/usr/bin/env node
// Generates a plugin's OpenAPI router module from its spec:
//   node scripts/openapi-generate.mjs <package-dir> [--check]
// reads <package-dir>/src/schema/openapi.yaml and writes
// <package-dir>/src/schema/openapi/generated/router.ts, which exports the
// spec as a typed constant and `createOpenApiRouter`, a router that rejects
// requests the spec does not allow. --check fails if the file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const [dir, flag] = process.argv.slice(2);
if (!dir) {
  console.error('usage: openapi-generate.mjs <package-dir> [--check]');
  process.exit(2);
}
const specFile = path.join(dir, 'src/schema/openapi.yaml');
const outFile = path.join(dir, 'src/schema/openapi/generated/router.ts');
const spec = parse(fs.readFileSync(specFile, 'utf8'));
const text = `// This file is generated from src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// \`yarn workspace ${
  JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name
} generate\`.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
if (flag === '--check') {
  const current = fs.existsSync(outFile)
    ? fs.readFileSync(outFile, 'utf8')
    : '';
  if (current !== text) {
    console.error(`${outFile} is stale: run the generate script`);
    process.exit(1);
  }
  process.exit(0);
}
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, text);
console.log(`wrote ${outFile}`);
