import fs from 'node:fs';
import path from 'node:path';
import { AdmissionPolicy, evaluatePolicy, Violation } from './policies';
import { Manifest, parseYamlFile, relative } from './load';
import { Problems } from './problems';

/** Every policy applied to one object; a policy that cannot run is a problem. */
export function admit(
  policies: AdmissionPolicy[],
  object: Record<string, unknown>,
): { violations: Violation[]; errors: string[] } {
  const violations: Violation[] = [];
  const errors: string[] = [];
  for (const policy of policies) {
    try {
      violations.push(...evaluatePolicy(policy, object));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { violations, errors };
}

/**
 * The policies' own tests: `<testsDir>/<policy file name>/pass*.yaml` must be
 * admitted by its policy, `fail*.yaml` refused by its own policy. A policy
 * without both kinds of case is a problem too.
 */
export function checkPolicyTests(
  repoRoot: string,
  policies: Array<{ manifest: Manifest; policy: AdmissionPolicy }>,
  testsDir: string,
  problems: Problems,
) {
  for (const { manifest, policy } of policies) {
    const name = path.basename(manifest.file).replace(/\.ya?ml$/, '');
    const dir = path.join(testsDir, name);
    const cases = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f))
      : [];
    if (
      !cases.some(c => c.startsWith('pass')) ||
      !cases.some(c => c.startsWith('fail'))
    ) {
      problems.add(
        manifest.file,
        '',
        `policy ${
          policy.metadata.name
        } needs pass*.yaml and fail*.yaml test resources in ${relative(
          repoRoot,
          dir,
        )}/`,
      );
    }
    for (const testCase of cases) {
      const file = path.join(dir, testCase);
      for (const m of parseYamlFile(repoRoot, file, problems)) {
        const { violations, errors } = admit(
          policies.map(p => p.policy),
          m.object,
        );
        errors.forEach(e => problems.add(m.file, `#${m.index}`, e));
        const own = violations.filter(v => v.policy === policy.metadata.name);
        if (testCase.startsWith('pass') && own.length) {
          problems.add(
            m.file,
            `#${m.index}`,
            `a pass case was refused: ${own.map(v => v.message).join('; ')}`,
          );
        }
        if (testCase.startsWith('fail') && own.length === 0) {
          problems.add(
            m.file,
            `#${m.index}`,
            `a fail case was admitted by ${policy.metadata.name}`,
          );
        }
      }
    }
  }
}
