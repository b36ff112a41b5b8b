import fs from 'node:fs';
import path from 'node:path';
import { listFiles, Manifest, relative, where } from '../load';
import { Problems } from '../problems';
import { exceptionProblems, PolicyException } from './exceptions';
import { CelPolicy, isCelPolicy, runKyvernoTest } from './kyvernoTest';

/** Severities Kyverno copies into a report (anything else is dropped). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** The annotations Kyverno copies into every report result. */
export const REQUIRED_ANNOTATIONS = [
  'policies.kyverno.io/title',
  'policies.kyverno.io/category',
  'policies.kyverno.io/severity',
  'policies.kyverno.io/description',
];

export const isPolicyException = (o: Record<string, unknown>) =>
  o.kind === 'PolicyException' &&
  String(o.apiVersion).startsWith('policies.kyverno.io/');

/**
 * The policy set as a whole: every CEL policy carries the annotations the
 * portal shows (severity one Kyverno keeps), is tested by a
 * kyverno-test.yaml that expects at least one pass (and, for a validating
 * policy, one fail), every test gives what it expects, and every exception
 * is well formed and in force. Returns the number of expected results
 * checked.
 */
export function checkPolicySet(
  repoRoot: string,
  manifests: Manifest[],
  testsDir: string,
  problems: Problems,
  now = new Date(),
): number {
  const policies = manifests.filter(m => isCelPolicy(m.object));
  for (const m of policies) {
    const annotations = ((m.object.metadata as any)?.annotations ??
      {}) as Record<string, string>;
    const name = (m.object as unknown as CelPolicy).metadata.name;
    for (const key of REQUIRED_ANNOTATIONS) {
      if (!annotations[key]?.trim())
        problems.add(
          m.file,
          where(m, '/metadata/annotations'),
          `policy ${name} has no ${key}`,
        );
    }
    const severity = annotations['policies.kyverno.io/severity'];
    if (severity && !SEVERITIES.includes(severity))
      problems.add(
        m.file,
        where(m, '/metadata/annotations'),
        `policy ${name}: severity ${severity} is not one Kyverno reports (${SEVERITIES.join(
          ', ',
        )})`,
      );
  }

  const tested = new Map<string, { pass: boolean; fail: boolean }>();
  let checked = 0;
  const testFiles = fs.existsSync(testsDir)
    ? listFiles(testsDir, ['kyverno-test.yaml'])
    : [];
  for (const file of testFiles) {
    const run = runKyvernoTest(repoRoot, file, problems, now);
    checked += run.checked;
    for (const p of run.policies) {
      const seen = tested.get(p.metadata.name) ?? { pass: false, fail: false };
      for (const r of run.results.filter(x => x.policy === p.metadata.name)) {
        seen.pass ||= r.result === 'pass';
        seen.fail ||= r.result === 'fail';
      }
      tested.set(p.metadata.name, seen);
    }
  }
  for (const m of policies) {
    const policy = m.object as unknown as CelPolicy;
    const seen = tested.get(policy.metadata.name);
    const needs =
      policy.kind === 'ValidatingPolicy' ? 'a pass and a fail' : 'a pass';
    if (
      !seen ||
      !seen.pass ||
      (policy.kind === 'ValidatingPolicy' && !seen.fail)
    ) {
      problems.add(
        m.file,
        '',
        `policy ${policy.metadata.name} needs a kyverno-test.yaml in ${relative(
          repoRoot,
          testsDir,
        )}/ with ${needs} result`,
      );
    }
  }

  const known = policies.map(m => m.object as unknown as CelPolicy);
  for (const m of manifests.filter(x => isPolicyException(x.object))) {
    const exception = m.object as unknown as PolicyException;
    for (const reason of exceptionProblems(exception, known, now))
      problems.add(
        m.file,
        where(m),
        `exception ${exception.metadata.name}: ${reason}`,
      );
  }
  return checked;
}

/** Whether a file is part of the policies' tests (not applied to a cluster). */
export const isPolicyTestFile = (testsDir: string, file: string) =>
  path.resolve(file).startsWith(path.resolve(testsDir) + path.sep);
