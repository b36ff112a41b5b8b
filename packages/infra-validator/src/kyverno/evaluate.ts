import { CelInput } from '@bufbuild/cel';
import {
  CelContext,
  CelEvaluationError,
  evaluate,
  fromCel,
  toCel,
} from './cel';
import { exceptionsFor, PolicyException } from './exceptions';
import { splitApiVersion } from '../load';
import { CelPolicySpec, specFor } from './match';

type Json = Record<string, any>;

export interface ValidatingPolicy {
  apiVersion: string;
  kind: 'ValidatingPolicy';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: CelPolicySpec & {
    validationActions?: string[];
    validations: Array<{
      expression: string;
      message?: string;
      messageExpression?: string;
    }>;
  };
}

export interface GeneratingPolicy {
  apiVersion: string;
  kind: 'GeneratingPolicy';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: CelPolicySpec & { generate: Array<{ expression: string }> };
}

/** One admission request, as far as the policies read it. */
export interface Request {
  object: Json;
  /** CREATE unless said otherwise. */
  operation?: string;
  /** The object's Namespace (`namespaceObject`); absent for cluster-scoped objects. */
  namespace?: Json;
  /** Objects `resource.List` / `resource.Get` read (a kyverno test's Context). */
  resources?: Json[];
  /** Exceptions in force, of every policy; expired ones are ignored. */
  exceptions?: PolicyException[];
  now?: Date;
}

/** A result as Kyverno reports it (PolicyReport result values). */
export interface Outcome {
  result: 'pass' | 'fail' | 'skip' | 'error';
  message?: string;
  /** The exceptions that skipped the policy, by name. */
  exceptions?: string[];
  generated?: Json[];
}

/** The variables CEL policies read (kyverno/kyverno pkg/cel/compiler). */
function bindingsOf(request: Request): Record<string, CelInput> {
  const object = request.object;
  const [group, version] = splitApiVersion(object.apiVersion);
  return {
    object: toCel(object),
    oldObject: null,
    namespaceObject: toCel(request.namespace ?? null),
    request: toCel({
      operation: request.operation ?? 'CREATE',
      name: object.metadata?.name ?? '',
      namespace:
        object.metadata?.namespace ?? request.namespace?.metadata?.name ?? '',
      kind: { group, version, kind: object.kind },
    }),
    exceptions: toCel({ allowedImages: [], allowedValues: [] }),
  };
}

/**
 * Runs what every CEL policy does before its own work, in Kyverno's order
 * (vpol/compiler/policy.go): exceptions, match conditions, variables.
 * Undefined when the policy does not apply to the request at all.
 */
function prepare<S extends CelPolicySpec>(
  policy: { kind: string; metadata: { name: string }; spec: S },
  request: Request,
):
  | { skip: Outcome }
  | { spec: S; bindings: Record<string, CelInput>; context: CelContext }
  | undefined {
  const spec = specFor(
    policy.spec,
    request.object,
    request.operation ?? 'CREATE',
    request.namespace,
  );
  if (!spec) return undefined;
  const context: CelContext = {
    resources: request.resources ?? [],
    generated: [],
  };
  const bindings = bindingsOf(request);
  const name = policy.metadata.name;
  const conditionsHold = (
    what: string,
    conditions: Array<{ name: string; expression: string }>,
  ) =>
    conditions.every(
      c =>
        evaluate(`${what} ${c.name}`, c.expression, bindings, context) === true,
    );
  const excepting = exceptionsFor(
    request.exceptions ?? [],
    policy,
    request.now,
  ).filter(e =>
    conditionsHold(
      `exception ${e.metadata.name}`,
      e.spec.matchConditions ?? [],
    ),
  );
  if (excepting.length) {
    return {
      skip: {
        result: excepting.some(e => e.spec.reportResult === 'pass')
          ? 'pass'
          : 'skip',
        exceptions: excepting.map(e => e.metadata.name),
      },
    };
  }
  if (
    !conditionsHold(
      `policy ${name}: match condition`,
      spec.matchConditions ?? [],
    )
  )
    return { skip: { result: 'skip' } };
  const variables = new Map<string, CelInput>();
  bindings.variables = variables as CelInput;
  for (const v of spec.variables ?? []) {
    variables.set(
      v.name,
      evaluate(
        `policy ${name}: variable ${v.name}`,
        v.expression,
        bindings,
        context,
      ) as CelInput,
    );
  }
  return { spec, bindings, context };
}

/**
 * Runs a policy's own work after the common steps, as one outcome: a skip
 * from an exception or a match condition, the work's result, or an error
 * result naming the expression that could not be evaluated.
 */
function outcome<S extends CelPolicySpec>(
  policy: { kind: string; metadata: { name: string }; spec: S },
  request: Request,
  work: (prepared: {
    spec: S;
    bindings: Record<string, CelInput>;
    context: CelContext;
  }) => Outcome,
): Outcome | undefined {
  try {
    const prepared = prepare(policy, request);
    if (!prepared || 'skip' in prepared) return prepared?.skip;
    return work(prepared);
  } catch (e) {
    if (e instanceof CelEvaluationError)
      return { result: 'error', message: e.message };
    throw e;
  }
}

/**
 * Evaluates a Kyverno ValidatingPolicy on one request as Kyverno's engine
 * does: the first validation that is false fails the request with its
 * message (or messageExpression); an expression that cannot be evaluated
 * is an error result naming it. Undefined when the policy does not match.
 */
export function validate(
  policy: ValidatingPolicy,
  request: Request,
): Outcome | undefined {
  return outcome(policy, request, ({ spec, bindings, context }) => {
    for (const [index, v] of spec.validations.entries()) {
      const what = `policy ${policy.metadata.name}: validation ${index}`;
      if (evaluate(what, v.expression, bindings, context) === true) continue;
      const message = v.messageExpression
        ? String(
            fromCel(
              evaluate(
                `${what} messageExpression`,
                v.messageExpression,
                bindings,
                context,
              ),
            ),
          )
        : v.message;
      return {
        result: 'fail',
        message:
          message || `CEL expression validation failed at index ${index}`,
      };
    }
    return { result: 'pass' };
  });
}

/** Evaluates a GeneratingPolicy: the objects it would create for the request. */
export function generate(
  policy: GeneratingPolicy,
  request: Request,
): Outcome | undefined {
  return outcome(policy, request, ({ spec, bindings, context }) => {
    for (const [index, g] of spec.generate.entries()) {
      evaluate(
        `policy ${policy.metadata.name}: generate ${index}`,
        g.expression,
        bindings,
        context,
      );
    }
    return { result: 'pass', generated: context.generated };
  });
}
