import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { listFiles, Manifest, parseYamlFile, relative } from '../load';
import { Problems } from '../problems';
import { PolicyException } from './exceptions';
import {
  generate,
  GeneratingPolicy,
  Outcome,
  validate,
  ValidatingPolicy,
} from './evaluate';

type Json = Record<string, any>;

/**
 * The Kyverno CLI's test file (`kyverno test`, cli.kyverno.io/v1alpha1
 * Test), as far as CEL policies use it: files of policies, resources and
 * exceptions, a Value file with the namespaces, a Context file with the
 * objects `resource.List` reads, and the expected result per policy, kind
 * and resource.
 */
export interface KyvernoTest {
  apiVersion: 'cli.kyverno.io/v1alpha1';
  kind: 'Test';
  metadata: { name: string };
  policies: string[];
  resources: string[];
  exceptions?: string[];
  variables?: string;
  context?: string;
  results: Array<{
    policy: string;
    kind?: string;
    resources: string[];
    result: 'pass' | 'fail' | 'skip' | 'error';
    isValidatingPolicy?: boolean;
    isGeneratingPolicy?: boolean;
    generatedResource?: string;
  }>;
}

export type CelPolicy = ValidatingPolicy | GeneratingPolicy;

export const isCelPolicy = (o: object): o is CelPolicy =>
  /^policies\.kyverno\.io\//.test(String((o as Json).apiVersion)) &&
  ['ValidatingPolicy', 'GeneratingPolicy'].includes((o as Json).kind);

/** The CEL policies among some objects. */
export const celPoliciesOf = (objects: object[]): CelPolicy[] =>
  objects.filter(isCelPolicy) as unknown as CelPolicy[];

/** A policy's outcome for one request: validation or generation. */
export function outcomeOf(
  policy: CelPolicy,
  request: Parameters<typeof validate>[1],
) {
  return policy.kind === 'ValidatingPolicy'
    ? validate(policy, request)
    : generate(policy, request);
}

/** Kinds without a namespace, among those the platform's policies see. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'ValidatingPolicy',
  'GeneratingPolicy',
]);

/**
 * As the Kyverno CLI loads a resource (cmd/cli/kubectl-kyverno/resource):
 * a namespaced one that names no namespace is in `default`.
 */
const inDefaultNamespace = (object: Json): Json =>
  object.metadata?.namespace || CLUSTER_SCOPED.has(object.kind)
    ? object
    : { ...object, metadata: { ...object.metadata, namespace: 'default' } };

/** Whether `actual` has every field `expected` has, with the same values. */
function contains(actual: unknown, expected: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    return (
      !!actual &&
      typeof actual === 'object' &&
      Object.entries(expected).every(([k, v]) =>
        contains((actual as Json)[k], v),
      )
    );
  }
  return isDeepStrictEqual(actual, expected);
}

export interface KyvernoTestRun {
  /** The policies the test file loads, by name. */
  policies: CelPolicy[];
  /** Expected results checked (one per policy × resource). */
  checked: number;
  results: Array<{ policy: string; resource: string; result: string }>;
}

/**
 * Runs one kyverno-test.yaml as `kyverno test` would and adds a problem
 * for every expected result the policies do not produce, naming the test
 * file, the policy, the resource and both results.
 */
export function runKyvernoTest(
  repoRoot: string,
  testFile: string,
  problems: Problems,
  now = new Date(),
): KyvernoTestRun {
  const dir = path.dirname(testFile);
  const rel = relative(repoRoot, testFile);
  const run: KyvernoTestRun = { policies: [], checked: 0, results: [] };
  const [doc] = parseYamlFile(repoRoot, testFile, problems);
  const test = doc?.object as unknown as KyvernoTest | undefined;
  if (test?.apiVersion !== 'cli.kyverno.io/v1alpha1' || test.kind !== 'Test') {
    problems.add(
      rel,
      '',
      'not a Kyverno CLI test (cli.kyverno.io/v1alpha1 Test)',
    );
    return run;
  }
  const load = (file: string): Manifest[] => {
    const full = path.resolve(dir, file);
    if (!fs.existsSync(full)) {
      problems.add(rel, '', `${file} does not exist`);
      return [];
    }
    return parseYamlFile(repoRoot, full, problems);
  };
  const objects = (files: string[] | undefined) =>
    (files ?? []).flatMap(load).map(m => m.object as Json);

  run.policies = celPoliciesOf(objects(test.policies));
  const resources = objects(test.resources).map(inDefaultNamespace);
  const exceptions = objects(test.exceptions) as PolicyException[];
  const namespaces = (test.variables ? objects([test.variables]) : []).flatMap(
    v => (v.namespaces ?? []) as Json[],
  );
  const context = (test.context ? objects([test.context]) : []).flatMap(
    c => (c.spec?.resources ?? []) as Json[],
  );

  const outcomes = new Map<string, Outcome>();
  const key = (policy: string, kind: string, name: string) =>
    `${policy}|${kind}|${name}`;
  for (const object of resources) {
    const namespace = namespaces.find(
      n => n.metadata?.name === object.metadata?.namespace,
    );
    for (const policy of run.policies) {
      const outcome = outcomeOf(policy, {
        object,
        namespace,
        resources: context,
        exceptions,
        now,
      });
      if (!outcome) continue;
      const name = String(object.metadata?.name);
      const ns = object.metadata?.namespace;
      outcomes.set(key(policy.metadata.name, object.kind, name), outcome);
      if (ns)
        outcomes.set(
          key(policy.metadata.name, object.kind, `${ns}/${name}`),
          outcome,
        );
      run.results.push({
        policy: policy.metadata.name,
        resource: `${object.kind} ${ns ? `${ns}/` : ''}${name}`,
        result: outcome.result,
      });
    }
  }

  for (const expected of test.results ?? []) {
    if (!run.policies.some(p => p.metadata.name === expected.policy)) {
      problems.add(
        rel,
        '',
        `results name policy ${expected.policy}, which the test does not load`,
      );
      continue;
    }
    for (const resource of expected.resources ?? []) {
      run.checked++;
      const kinds = expected.kind
        ? [expected.kind]
        : [...new Set(resources.map(r => String(r.kind)))];
      const found = kinds
        .map(kind => outcomes.get(key(expected.policy, kind, resource)))
        .find(Boolean);
      const what = `${expected.policy} on ${
        expected.kind ?? ''
      } ${resource}`.replace('  ', ' ');
      if (!found) {
        problems.add(
          rel,
          '',
          `${what}: expected ${expected.result}, but the policy does not apply to it`,
        );
      } else if (found.result !== expected.result) {
        problems.add(
          rel,
          '',
          `${what}: expected ${expected.result}, got ${found.result}${
            found.message ? ` (${found.message})` : ''
          }`,
        );
      } else if (expected.generatedResource) {
        const wanted = objects([expected.generatedResource]);
        for (const w of wanted) {
          if (!(found.generated ?? []).some(g => contains(g, w)))
            problems.add(
              rel,
              '',
              `${what}: generates no ${w.kind} ${w.metadata?.name} as in ${expected.generatedResource}`,
            );
        }
      }
    }
  }
  return run;
}

/**
 * The CEL policies in every YAML file under a folder (the infra repo's
 * `kyverno/policies`), for those that apply them outside the validator:
 * the demo fleet evaluates the real policies against its own workloads.
 */
export function loadPolicySet(dir: string): CelPolicy[] {
  const problems = new Problems();
  const policies = celPoliciesOf(
    listFiles(dir, ['.yaml'])
      .flatMap(f => parseYamlFile(dir, f, problems))
      .map(m => m.object),
  );
  if (problems.list.length)
    throw new Error(
      `policies in ${dir} do not parse: ${problems.list
        .map(p => `${p.file} ${p.where}: ${p.reason}`)
        .join('; ')}`,
    );
  return policies;
}
