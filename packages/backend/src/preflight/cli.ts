/*
 * Checks the configuration before the portal starts:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/backend/src/preflight/cli.ts [--config FILE ...]
 * Exits 1 with one line per problem, naming the file and key: a file that
 * cannot be read, an unset variable, a missing required key, and a key under
 * `trinity` that no package declares.
 */
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  exitOnConfigProblems,
  exitIfAny,
  readConfigFiles,
} from './checkConfig';
import { declaredSchemas, unknownTrinityKeys } from './unknownKeys';

const root = resolvePackagePath('backend', '../..');
const files = exitOnConfigProblems(process.argv.slice(2), root);

// Apart from the backend's own check at start: it compiles every package's
// config declarations, which takes seconds.
declaredSchemas(resolvePackagePath('backend', 'package.json')).then(
  schemas => {
    exitIfAny(unknownTrinityKeys(schemas, readConfigFiles(files)));
    process.stdout.write(
      `config ok: ${files.map(file => path.relative(root, file)).join(', ')}\n`,
    );
  },
  error => {
    process.stderr.write(`could not read the config declarations: ${error}\n`);
    process.exit(1);
  },
);
