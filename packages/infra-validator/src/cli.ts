/*
 * `./trinity infra validate [infra dir]`: runs the same validation as the
 * tests and prints every problem as `file where: reason`. Exit code 1 when
 * there is any.
 */
import path from 'node:path';
import { formatProblem } from './problems';
import { validateInfra } from './validate';

const [command, dir] = process.argv.slice(2);
if (command !== 'validate') {
  process.stderr.write('usage: ./trinity infra validate [infra dir]\n');
  process.exit(2);
}
// ./trinity runs this from the repo root.
const repoRoot = process.env.TRINITY_ROOT ?? process.cwd();
const started = Date.now();
const report = validateInfra({
  repoRoot,
  infraDir: dir ? path.resolve(dir) : undefined,
});
for (const p of report.problems) process.stdout.write(`${formatProblem(p)}\n`);
const c = report.counts;
process.stdout.write(
  `${report.problems.length} problem(s) in ${c.files} files: ${
    c.manifests
  } manifests, ${c.overlays} Kustomize overlays (${
    c.renderedObjects
  } objects), ${c.compositions} compositions, ${
    c.policyCases
  } expected policy test results (${Date.now() - started} ms)\n`,
);
process.exit(report.problems.length ? 1 : 0);
