import fs from 'node:fs';
import path from 'node:path';

/** Percent change from `before` to `after`, per replica, one decimal. */
export function growthPct(before: number[], after: number[]): number[] {
  return after.map(
    (value, index) =>
      Math.round(((value - before[index]) / before[index]) * 1000) / 10,
  );
}

/**
 * Writes a benchmark's figures to test-results/<name>.json and says which
 * targets were missed; the exit code says whether they held.
 */
export function writeReport(
  repoRoot: string,
  name: string,
  report: Record<string, unknown>,
  problems: string[],
) {
  const out = path.join(repoRoot, 'test-results', `${name}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ ...report, problems }, null, 2)}\n`,
  );
  console.log(`written ${out}`);
  if (problems.length) {
    console.error(`targets missed: ${problems.join('; ')}`);
    process.exitCode = 1;
  }
}

/** Runs a benchmark's main; a crash is exit code 1 with its error. */
export function runMain(main: () => Promise<void>) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
