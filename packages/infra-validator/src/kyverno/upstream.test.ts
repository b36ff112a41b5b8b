/*
 * Kyverno's own CLI tests for CEL policies (see __fixtures__/upstream/
 * SOURCE.md), run by the project's evaluator: it must give the results
 * Kyverno's tests expect.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatProblem, Problems } from '../problems';
import { runKyvernoTest } from './kyvernoTest';

const dir = path.join(__dirname, '__fixtures__/upstream');
const cases = fs
  .readdirSync(dir)
  .filter(d => fs.existsSync(path.join(dir, d, 'kyverno-test.yaml')));

describe.each(cases)('upstream kyverno test %s', name => {
  it('gives the results Kyverno expects', () => {
    const problems = new Problems();
    const run = runKyvernoTest(
      dir,
      path.join(dir, name, 'kyverno-test.yaml'),
      problems,
    );
    expect(problems.list.map(formatProblem)).toEqual([]);
    expect(run.checked).toBeGreaterThanOrEqual(1);
  });
});

it('runs at least six upstream tests', () => {
  expect(cases.length).toBeGreaterThanOrEqual(6);
});
