/*
 * Checks the configuration before the portal starts:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/backend/src/preflight/cli.ts [--config FILE ...]
 * Exits 1 with one line per problem, naming the file and key.
 */
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { exitOnConfigProblems } from './checkConfig';

const root = resolvePackagePath('backend', '../..');
const files = exitOnConfigProblems(process.argv.slice(2), root);
process.stdout.write(
  `config ok: ${files.map(f => path.relative(root, f)).join(', ')}\n`,
);
