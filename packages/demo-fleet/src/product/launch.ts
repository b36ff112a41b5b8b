/**
 * How a service's process is launched: `node src/main.ts` in its directory,
 * as its package.json starts it, with what keeps six of them small beside
 * the portal (bench/living.ts measures it). The service's files are the
 * ones new-product rendered, untouched; only Node's side changes:
 *
 * - its TypeScript is stripped once per file for all its processes, not in
 *   each one: Node 22 strips types with a WebAssembly build of swc that it
 *   loads into every process that runs a .ts file, ~11 MiB of RSS each,
 *   never given back. The fleet strips each file with that same stripper
 *   (`stripTypeScriptTypes`, strip-only, as Node runs .ts files) in a
 *   short-lived process, and a load hook hands the result to the service's
 *   Node for a file that is still byte for byte what was stripped; any
 *   other file Node strips itself, as without the hook.
 * - no optimizing compiler, for JavaScript or WebAssembly (NODE_FLAGS).
 *
 * Measured and left out, as they did not help: NODE_COMPILE_CACHE (V8's
 * code cache on disk: ~2 MiB more RSS per process, the cached functions
 * come back compiled), --max-semi-space-size=1 and --v8-pool-size=1 (no
 * RSS or CPU difference at this load).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../repoRoot';

/**
 * For a service that answers a few requests a second, no optimizing
 * compiler (TurboFan): Sparkplug's baseline code is plenty at this load,
 * and the services take ~5 MiB of RSS less each (less of the node binary
 * paged in, no optimized code) and less CPU in their first minute, when
 * TurboFan compiled what the first requests made hot; the same CPU after.
 * Not --jitless: it would refuse WebAssembly, and interpreted code costs
 * CPU. The same for WebAssembly (--liftoff-only): the web's fetch parses
 * HTTP with undici's llhttp, a WebAssembly module, whose hot functions V8
 * would compile again with TurboFan; kept on its baseline compiler
 * (Liftoff), a process fetching 10 times a second holds 63 MiB of RSS
 * instead of 76 MiB (Node 22, measured side by side), and parses a few
 * small answers a second just as well.
 */
const NODE_FLAGS = ['--no-opt', '--liftoff-only'];

const launchRoot = path.join(repoRoot, '.trinity-data/product/.launch');

/**
 * The load hook the service's Node imports first: for a TypeScript module
 * whose text is what was stripped, the stripped text; anything else as
 * Node loads it. Plain JavaScript, so that loading it strips nothing.
 */
const HOOK = `// Written by @internal/demo-fleet (src/product/launch.ts); see there.
import fs from 'node:fs';
import { registerHooks } from 'node:module';

const stripped = JSON.parse(
  fs.readFileSync(process.env.TRINITY_STRIPPED_TYPES, 'utf8'),
);
registerHooks({
  load(url, context, nextLoad) {
    const file = stripped[url];
    if (file && context.format === 'module-typescript') {
      const source = fs.readFileSync(new URL(url), 'utf8');
      if (source === file.source) {
        return { format: 'module', source: file.stripped, shortCircuit: true };
      }
    }
    return nextLoad(url, context);
  },
});
`;

/**
 * Strips every .ts file under src/ of a service directory, in a process of
 * its own (the stripper stays out of the fleet's memory too); file URL →
 * its text and its text stripped. A file Node could not strip either
 * (syntax that needs transforming) is left out: Node says why when it
 * loads it.
 */
const STRIP = `
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripTypeScriptTypes } from 'node:module';

const [dir, out] = process.argv.slice(1);
const stripped = {};
for (const entry of fs.readdirSync(path.join(dir, 'src'), { recursive: true })) {
  if (!/\\.m?ts$/.test(entry) || entry.endsWith('.d.ts')) continue;
  const file = path.join(dir, 'src', entry);
  const source = fs.readFileSync(file, 'utf8');
  try {
    stripped[pathToFileURL(file).href] = {
      source,
      stripped: stripTypeScriptTypes(source, { mode: 'strip' }),
    };
  } catch {}
}
const temporary = out + '.' + process.pid + '.tmp';
fs.writeFileSync(temporary, JSON.stringify(stripped));
fs.renameSync(temporary, out);
`;

const writeOnce = (file: string, contents: string) => {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === contents) {
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
};

export interface ServiceLaunch {
  args: string[];
  env: Record<string, string>;
}

const launches = new Map<string, ServiceLaunch>();

/**
 * The command line and environment that start a service in `dir`; its
 * files are stripped the first time (each cluster's process and each
 * restart use the same).
 */
export function serviceLaunch(dir: string): ServiceLaunch {
  const known = launches.get(dir);
  if (known) return known;
  fs.mkdirSync(launchRoot, { recursive: true });
  const hook = path.join(launchRoot, 'strip-types.mjs');
  writeOnce(hook, HOOK);
  // One file per service directory, replaced whole: fleets running side by
  // side (tests) write the same text, and the hook checks it anyway.
  const key = crypto.createHash('sha256').update(dir).digest('hex');
  const stripped = path.join(launchRoot, `${key.slice(0, 16)}.json`);
  const strip = spawnSync(
    process.execPath,
    ['--no-warnings', '--input-type=module', '-e', STRIP, dir, stripped],
    { encoding: 'utf8' },
  );
  // Without it the service still runs: Node strips the files itself.
  const prepared = strip.status === 0 && fs.existsSync(stripped);
  const launch: ServiceLaunch = {
    args: [
      ...NODE_FLAGS,
      ...(prepared ? [`--import=${pathToFileURL(hook).href}`] : []),
      'src/main.ts',
    ],
    env: prepared ? { TRINITY_STRIPPED_TYPES: stripped } : {},
  };
  launches.set(dir, launch);
  return launch;
}
