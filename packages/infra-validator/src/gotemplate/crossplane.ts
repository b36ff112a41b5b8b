/*
 * function-go-templating's own functions: toYaml, setResourceNameAnnotation,
 * getComposedResource, getCompositeResource.
 */
import { Func, str } from './builtins';
import { YamlEncoder } from './toyaml';
import { hasOwn, isGoMap, NIL_MAP, Value } from './values';

/** crossplane-runtime fieldpath: the value at a path of object fields, or undefined. */
function fieldPathValue(obj: Value, path: string[]): Value {
  let cur: Value = obj;
  for (const field of path) {
    if (!isGoMap(cur) || !hasOwn(cur, field)) return undefined;
    cur = cur[field];
  }
  return cur;
}

/**
 * GetValueInto(path, &map[string]any): a map when the value is an object, a
 * nil map when it is missing, null or not an object.
 */
function asResource(v: Value): Value {
  return isGoMap(v) ? v : NIL_MAP;
}

function getComposedResource(req: Value, name: string): Value {
  // "observed.resources[<name>]resource": the bracket holds a field name unless
  // it is an array index; brackets inside it or an empty one do not parse.
  if (name === '' || name.includes('[') || name.includes(']')) return NIL_MAP;
  if (/^[0-9]+$/.test(name) && Number(name) <= 0xffffffff) return NIL_MAP;
  const field = name.replace(/^['"]+|['"]+$/g, '');
  return asResource(
    fieldPathValue(req, ['observed', 'resources', field, 'resource']),
  );
}

/** function-go-templating's functions, keyed by name. */
export const TEMPLATING_FUNCS: Record<string, Func> = {
  // function-go-templating
  toYaml: { params: ['any'], call: ([v]) => new YamlEncoder().encode(v) },
  setResourceNameAnnotation: {
    params: ['string'],
    call: ([name]) =>
      `gotemplating.fn.crossplane.io/composition-resource-name: ${str(name)}`,
  },
  getComposedResource: {
    params: ['map', 'string'],
    call: ([req, name]) => getComposedResource(req, str(name)),
  },
  getCompositeResource: {
    params: ['map'],
    call: ([req]) =>
      asResource(fieldPathValue(req, ['observed', 'composite', 'resource'])),
  },
};
