/*
 * The infra repo as it is must pass; each deliberately broken copy of it
 * (fixtures/broken/) must fail with its own problem, naming file and reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrokenCase, loadBrokenCases, materialise } from './brokenFixtures';
import { formatProblem } from './problems';
import { validateInfra } from './validate';

const repoRoot = path.resolve(__dirname, '../../..');

describe('validateInfra on infra/', () => {
  const report = validateInfra({ repoRoot });

  it('finds no problem', () => {
    expect(report.problems.map(formatProblem)).toEqual([]);
  });

  it('checked every part of the repo', () => {
    expect(report.counts.manifests).toBeGreaterThan(50);
    expect(report.counts.overlays).toBeGreaterThanOrEqual(4);
    expect(report.counts.renderedObjects).toBeGreaterThan(30);
    expect(report.counts.compositions).toBeGreaterThanOrEqual(5);
    expect(report.counts.policyCases).toBeGreaterThanOrEqual(10);
  });
});

describe('validateInfra on broken copies of infra/', () => {
  const cases = loadBrokenCases(path.resolve(__dirname, '../fixtures/broken'));
  const roots: string[] = [];
  afterAll(() =>
    roots.forEach(r => fs.rmSync(r, { recursive: true, force: true })),
  );

  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map(c => [c.name, c] as [string, BrokenCase]))(
    '%s',
    (_name, c) => {
      const root = materialise(repoRoot, c);
      roots.push(root);
      const problems = validateInfra({ repoRoot: root }).problems;
      const matching = problems.filter(
        p =>
          p.file === c.expect.file &&
          formatProblem(p).includes(c.expect.reason),
      );
      expect({
        problems: problems.map(formatProblem),
        found: matching.length > 0,
      }).toEqual({
        problems: expect.any(Array),
        found: true,
      });
    },
  );
});
