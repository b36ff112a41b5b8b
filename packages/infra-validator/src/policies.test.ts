/*
 * Every admission policy in infra/kyverno/policies, evaluated with a CEL
 * implementation against its test resources in infra/kyverno/tests/<policy>/:
 * pass*.yaml must be admitted, fail*.yaml refused with the policy's message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AdmissionPolicy, evaluatePolicy } from './policies';

const root = path.resolve(__dirname, '../../../infra/kyverno');
const load = (file: string) =>
  parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());

const policies = fs
  .readdirSync(path.join(root, 'policies'))
  .filter(f => f.endsWith('.yaml'))
  .map(f => ({
    file: f.replace(/\.yaml$/, ''),
    policy: load(path.join(root, 'policies', f))[0] as AdmissionPolicy,
  }));

describe.each(policies)('policy $file', ({ file, policy }) => {
  const dir = path.join(root, 'tests', file);
  const cases = fs.readdirSync(dir).filter(f => f.endsWith('.yaml'));

  it('has pass and fail test resources', () => {
    expect(cases.some(c => c.startsWith('pass'))).toBe(true);
    expect(cases.some(c => c.startsWith('fail'))).toBe(true);
  });

  it.each(cases)('%s', testCase => {
    const expected = testCase.startsWith('pass')
      ? []
      : [
          {
            policy: policy.metadata.name,
            message: policy.spec.validations[0].message,
          },
        ];
    for (const object of load(path.join(dir, testCase))) {
      expect(evaluatePolicy(policy, object)).toEqual(expected);
    }
  });
});

describe('evaluatePolicy', () => {
  const policy = policies.find(
    p => p.file === 'restrict-image-registries',
  )!.policy;

  it('leaves objects the policy does not match alone', () => {
    expect(
      evaluatePolicy(policy, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
      }),
    ).toEqual([]);
  });

  it('names the policy when an expression cannot be evaluated', () => {
    expect(() =>
      evaluatePolicy(
        {
          ...policy,
          spec: { ...policy.spec, validations: [{ expression: 'object.(' }] },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } },
      ),
    ).toThrow(/^policy trinity-restrict-image-registries: expression failed/);
  });
});
