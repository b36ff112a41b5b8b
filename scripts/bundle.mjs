#!/usr/bin/env node
/*
 * Bundles a TypeScript entry point of this repository into one CommonJS
 * file that plain `node` runs, without Backstage's TypeScript loader:
 *
 *   node scripts/bundle.mjs <entry.ts> [<name>]
 *
 * prints the bundle's path: node_modules/.cache/trinity/<name>.cjs (name
 * defaults to the entry's file name). It lives under the repository's
 * node_modules so that the packages it leaves out resolve from there.
 *
 * Why: a long-running process under the loader (`--require
 * @backstage/cli-node/config/nodeTransform.cjs`) carries swc's native
 * binding and the loader's hooks for its whole life: the demo fleet's
 * process took 176 MiB of RSS under it and 123 MiB bundled, at the same
 * idle load (bench/living.ts, docs/demo-fleet.md).
 *
 * The workspace's own packages (their `main` is TypeScript source) are
 * bundled in; every other package stays a require() from node_modules, as
 * the loader would load it, so native modules and packages that read their
 * own files keep working. Workspace code that needs its package's
 * directory finds it through require.resolve('<package>/package.json'),
 * not __dirname, which is the bundle's directory here.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const [entry, name = path.basename(entry ?? '', path.extname(entry ?? ''))] =
  process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bundle.mjs <entry.ts> [<name>]');
  process.exit(2);
}

/**
 * Packages from node_modules stay require()s; the workspace's are bundled,
 * apart from their package.json files, which code resolves at run time to
 * find its package's directory.
 */
const nodeModulesStayExternal = {
  name: 'node-modules-stay-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, args =>
      args.path.startsWith('@internal/') && !args.path.endsWith('/package.json')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

const out = path.join(repoRoot, 'node_modules/.cache/trinity', `${name}.cjs`);
const result = await build({
  entryPoints: [path.resolve(entry)],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  logLevel: 'warning',
  plugins: [nodeModulesStayExternal],
}).catch(() => process.exit(1)); // esbuild has printed what failed
// Written whole, then renamed: two starts at once never run half a bundle.
fs.mkdirSync(path.dirname(out), { recursive: true });
const temporary = `${out}.${process.pid}.tmp`;
fs.writeFileSync(temporary, result.outputFiles[0].contents);
fs.renameSync(temporary, out);
process.stdout.write(`${out}\n`);
