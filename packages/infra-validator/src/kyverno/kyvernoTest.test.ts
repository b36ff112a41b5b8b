/*
 * Every kyverno-test.yaml in infra/kyverno/tests, run by the evaluator as
 * `kyverno test` runs it: each expected result (pass, fail, skip per policy
 * and resource) must come out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatProblem, Problems } from '../problems';
import { runKyvernoTest } from './kyvernoTest';

const repoRoot = path.resolve(__dirname, '../../../..');
const testsDir = path.join(repoRoot, 'infra/kyverno/tests');
const testFiles = fs
  .readdirSync(testsDir)
  .filter(d => fs.existsSync(path.join(testsDir, d, 'kyverno-test.yaml')))
  .sort();

describe.each(testFiles)('infra/kyverno/tests/%s', dir => {
  it('gives every expected result', () => {
    const problems = new Problems();
    const run = runKyvernoTest(
      repoRoot,
      path.join(testsDir, dir, 'kyverno-test.yaml'),
      problems,
    );
    expect(problems.list.map(formatProblem)).toEqual([]);
    expect(run.checked).toBeGreaterThan(1);
    expect(run.results.map(r => r.result)).toEqual(
      expect.arrayContaining(['pass']),
    );
  });
});
