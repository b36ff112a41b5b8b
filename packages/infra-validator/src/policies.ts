import { CelInput, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** The part of a ValidatingAdmissionPolicy the evaluator reads. */
export interface AdmissionPolicy {
  kind: 'ValidatingAdmissionPolicy';
  metadata: { name: string };
  spec: {
    matchConstraints?: {
      resourceRules?: Array<{ apiGroups?: string[]; resources?: string[] }>;
    };
    /** Named expressions, evaluated in order, readable as `variables.<name>`. */
    variables?: Array<{ name: string; expression: string }>;
    validations: Array<{ expression: string; message?: string }>;
  };
}

export interface Violation {
  policy: string;
  message: string;
}

/** JSON → CEL input: objects become maps (CEL reads maps, not plain objects). */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    return new Map(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        toCel(v),
      ]),
    );
  }
  return value as CelInput;
}

const plural = (kind: string) => `${kind.toLocaleLowerCase('en-US')}s`;

/** Whether the policy's match constraints select this object (group + resource). */
export function matches(
  policy: AdmissionPolicy,
  object: { apiVersion?: string; kind?: string },
): boolean {
  const rules = policy.spec.matchConstraints?.resourceRules ?? [];
  const group = object.apiVersion?.includes('/')
    ? object.apiVersion.split('/')[0]
    : '';
  return rules.some(
    r =>
      (r.apiGroups ?? ['*']).some(g => g === '*' || g === group) &&
      (r.resources ?? ['*']).some(
        res => res === '*' || res === plural(object.kind ?? ''),
      ),
  );
}

/**
 * Evaluates a ValidatingAdmissionPolicy's CEL variables and validations
 * against one object, as the API server would on admission (`object`,
 * `variables`). An
 * expression that does not evaluate to true is a violation; one that fails
 * to evaluate is an error naming the policy and the expression.
 */
export function evaluatePolicy(
  policy: AdmissionPolicy,
  object: Record<string, unknown>,
): Violation[] {
  if (!matches(policy, object)) return [];
  const evaluate = (expression: string, bindings: Record<string, CelInput>) => {
    let result: unknown;
    try {
      result = run(expression, bindings, { funcs: strings });
    } catch (e) {
      result = e;
    }
    if (result instanceof Error) {
      throw new Error(
        `policy ${policy.metadata.name}: expression failed to evaluate: ${result.message}`,
      );
    }
    return result;
  };
  const variables = new Map<string, unknown>();
  const bindings = () => ({
    object: toCel(object),
    variables: variables as CelInput,
  });
  for (const v of policy.spec.variables ?? []) {
    variables.set(v.name, evaluate(v.expression, bindings()));
  }
  const violations: Violation[] = [];
  for (const v of policy.spec.validations) {
    if (evaluate(v.expression, bindings()) !== true) {
      violations.push({
        policy: policy.metadata.name,
        message: v.message ?? `failed: ${v.expression}`,
      });
    }
  }
  return violations;
}
