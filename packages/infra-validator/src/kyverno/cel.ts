import {
  CelInput,
  CelScalar,
  celFunc,
  isCelError,
  isCelList,
  isCelMap,
  run,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { plural } from './match';

type Json = Record<string, any>;

/** JSON → CEL input: objects become maps (CEL reads maps, not plain objects). */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    return new Map(
      Object.entries(value as Json).map(([k, v]) => [k, toCel(v)]),
    );
  }
  return value as CelInput;
}

/** CEL value → JSON, for what a policy builds (generated resources, messages). */
export function fromCel(value: unknown): unknown {
  if (isCelMap(value)) {
    return Object.fromEntries(
      [...value.entries()].map(([k, v]) => [String(k), fromCel(v)]),
    );
  }
  if (isCelList(value)) return [...value].map(fromCel);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/**
 * What Kyverno's CEL libraries read and write while a policy runs: the
 * cluster's objects for `resource.List` / `resource.Get` (in a
 * `kyverno test`, the Context file's resources), and the objects
 * `generator.Apply` generates.
 */
export interface CelContext {
  resources: Json[];
  generated: Json[];
}

const listOf = (
  context: CelContext,
  apiVersion: string,
  resource: string,
  namespace: string,
) =>
  context.resources.filter(
    r =>
      r.apiVersion === apiVersion &&
      plural(String(r.kind)) === resource &&
      (namespace === '' || r.metadata?.namespace === namespace),
  );

/**
 * Kyverno's resource and generator libraries, as far as the platform's
 * policies use them (kyverno/kyverno pkg/cel/libs/resource and
 * libs/generator): List returns `{items: [...]}`, Get one object or null,
 * Apply records the objects it is given in the namespace it is given.
 */
function kyvernoLibraries(context: CelContext) {
  const { STRING, DYN } = CelScalar;
  const list = (apiVersion: string, resource: string, namespace: string) =>
    toCel({ items: listOf(context, apiVersion, resource, namespace) });
  const get = (
    apiVersion: string,
    resource: string,
    namespace: string,
    name: string,
  ) =>
    toCel(
      listOf(context, apiVersion, resource, namespace).find(
        r => r.metadata?.name === name,
      ) ?? null,
    );
  const apply = (namespace: string, objects: unknown) => {
    for (const object of fromCel(objects) as Json[]) {
      context.generated.push({
        ...object,
        metadata: { ...object.metadata, namespace },
      });
    }
    return true;
  };
  return ['List', 'list']
    .map(name =>
      celFunc(`resource.${name}`, [STRING, STRING, STRING], DYN, list),
    )
    .concat(
      ['Get', 'get'].map(name =>
        celFunc(`resource.${name}`, [STRING, STRING, STRING, STRING], DYN, get),
      ),
      ['Apply', 'apply'].map(name =>
        celFunc(`generator.${name}`, [STRING, DYN], DYN, apply),
      ),
    );
}

export class CelEvaluationError extends Error {}

/** Evaluates one expression; a failure names what was being evaluated. */
export function evaluate(
  what: string,
  expression: string,
  bindings: Record<string, CelInput>,
  context: CelContext,
): unknown {
  let result: unknown;
  try {
    result = run(expression, bindings, {
      funcs: [...strings, ...kyvernoLibraries(context)],
    });
  } catch (e) {
    result = e;
  }
  if (isCelError(result) || result instanceof Error) {
    throw new CelEvaluationError(
      `${what} failed to evaluate: ${(result as Error).message}`,
    );
  }
  return result;
}
