#!/usr/bin/env node
// Builds the frontend (packages/app/dist) for ./trinity start, and only when
// something the bundle is made of changed since the last build: the app's
// own files, the frontend packages of the repo, and the lockfile. The
// backend (plugin-app-backend) serves the bundle and injects the config at
// run time, so a config change needs no rebuild.
//
//   node scripts/app-build.mjs          build if stale, print what it did
//   node scripts/app-build.mjs --check  exit 1 if a build is needed
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appDir = path.join(root, 'packages', 'app');
const stampFile = path.join(appDir, 'dist', '.trinity-build');

// Roles whose code ends up in the bundle.
const bundledRoles = new Set([
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
  'common-library',
]);

function bundledPackageDirs() {
  const dirs = [];
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(root, parent))) {
      const manifest = path.join(root, parent, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const role = JSON.parse(fs.readFileSync(manifest, 'utf8')).backstage
        ?.role;
      if (bundledRoles.has(role)) dirs.push(path.join(root, parent, name));
    }
  }
  return dirs.sort();
}

const skipped = new Set(['node_modules', 'dist', 'dist-types', 'coverage']);

function listFiles(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, out);
    // Tests are not bundled; editing one should not cost a rebuild.
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function fingerprint() {
  const hash = crypto.createHash('sha256');
  const files = [path.join(root, 'yarn.lock')];
  for (const dir of bundledPackageDirs()) listFiles(dir, files);
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function built() {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const want = fingerprint();
const fresh =
  built() === want && fs.existsSync(path.join(appDir, 'dist', 'index.html'));
if (process.argv.includes('--check')) {
  process.stdout.write(fresh ? 'frontend build is current\n' : 'stale\n');
  process.exit(fresh ? 0 : 1);
}
if (fresh) {
  process.stdout.write('frontend build is current (packages/app/dist)\n');
  process.exit(0);
}
process.stdout.write(
  'building the frontend (packages/app/dist; ~30 s on 2 cores, again only when its sources change)\n',
);
const started = Date.now();
const result = spawnSync('yarn', ['backstage-cli', 'package', 'build'], {
  cwd: appDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (result.status !== 0) {
  process.stderr.write(
    `the frontend build failed (exit ${result.status}); run it alone to see why: yarn workspace app build\n`,
  );
  process.exit(1);
}
fs.writeFileSync(stampFile, `${want}\n`);
process.stdout.write(
  `frontend built in ${Math.round((Date.now() - started) / 1000)} s\n`,
);
