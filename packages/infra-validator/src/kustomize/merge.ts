/*
 * Strategic merge patches (kyaml/yaml/merge2 with
 * ListIncreaseDirection=Prepend), with the merge keys of the built-in
 * schema.
 */
import {
  CLUSTER_SCOPED,
  KNOWN_NAMESPACED,
  Res,
  storePreviousId,
  typeKey,
} from './identity';
import { PatchSpec } from './kustomization';
import {
  byteCompare,
  clone,
  getApiVersion,
  getKind,
  getName,
  getNamespace,
  isEmptyMap,
  isMap,
  metadataOf,
  Obj,
  scalarText,
  setNamespace,
} from './objects';

/**
 * The part of the Kubernetes 1.21.2 OpenAPI schema (Kustomize's built-in
 * schema) that matters for merging: lists with patch strategy "merge" and
 * their merge keys (x-kubernetes-list-map-keys when present). Lists not
 * listed here are replaced, as are all lists of kinds missing from the
 * schema (custom resources).
 */
interface Schema {
  fields?: Record<string, Schema>;
  items?: Schema;
  /** Present for associative lists; empty for merged primitive lists. */
  mergeKeys?: string[];
}

const OBJECT_META: Schema = {
  fields: {
    finalizers: { mergeKeys: [] },
    ownerReferences: { mergeKeys: ['uid'] },
  },
};
const CONTAINER: Schema = {
  fields: {
    ports: { mergeKeys: ['containerPort', 'protocol'] },
    env: { mergeKeys: ['name'] },
    volumeMounts: { mergeKeys: ['mountPath'] },
    volumeDevices: { mergeKeys: ['devicePath'] },
  },
};
const POD_SPEC: Schema = {
  fields: {
    containers: { mergeKeys: ['name'], items: CONTAINER },
    initContainers: { mergeKeys: ['name'], items: CONTAINER },
    ephemeralContainers: { mergeKeys: ['name'], items: CONTAINER },
    volumes: { mergeKeys: ['name'] },
    imagePullSecrets: { mergeKeys: ['name'] },
    hostAliases: { mergeKeys: ['ip'] },
    topologySpreadConstraints: {
      mergeKeys: ['topologyKey', 'whenUnsatisfiable'],
    },
  },
};
const POD_TEMPLATE: Schema = {
  fields: { metadata: OBJECT_META, spec: POD_SPEC },
};
const withMeta = (fields: Record<string, Schema> = {}): Schema => ({
  fields: { metadata: OBJECT_META, ...fields },
});
const TEMPLATED = withMeta({ spec: { fields: { template: POD_TEMPLATE } } });
const CRONJOB = withMeta({
  spec: {
    fields: {
      jobTemplate: {
        fields: {
          metadata: OBJECT_META,
          spec: { fields: { template: POD_TEMPLATE } },
        },
      },
    },
  },
});

const SCHEMAS: Record<string, Schema> = {
  [typeKey('v1', 'Pod')]: withMeta({ spec: POD_SPEC }),
  [typeKey('v1', 'PodTemplate')]: withMeta({ template: POD_TEMPLATE }),
  [typeKey('v1', 'ReplicationController')]: TEMPLATED,
  [typeKey('v1', 'Service')]: withMeta({
    spec: { fields: { ports: { mergeKeys: ['port', 'protocol'] } } },
  }),
  [typeKey('apps/v1', 'Deployment')]: TEMPLATED,
  [typeKey('apps/v1', 'ReplicaSet')]: TEMPLATED,
  [typeKey('apps/v1', 'DaemonSet')]: TEMPLATED,
  [typeKey('apps/v1', 'StatefulSet')]: TEMPLATED,
  [typeKey('batch/v1', 'Job')]: TEMPLATED,
  [typeKey('batch/v1', 'CronJob')]: CRONJOB,
  [typeKey('batch/v1beta1', 'CronJob')]: CRONJOB,
};

function schemaFor(obj: Obj): Schema | undefined {
  const key = typeKey(getApiVersion(obj), getKind(obj));
  if (SCHEMAS[key]) return SCHEMAS[key];
  if (CLUSTER_SCOPED.has(key) || KNOWN_NAMESPACED.has(key)) return withMeta();
  return undefined;
}

export class MergeError extends Error {}

const CLEAR = Symbol('clear');
type Walked = unknown;

type NodeKind = 'map' | 'seq' | 'scalar';

function nodeKind(v: unknown): NodeKind | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return 'seq';
  return isMap(v) ? 'map' : 'scalar';
}

/** Reads and removes a map's `$patch` directive. */
function takeMapDirective(m: Obj): string {
  if (!('$patch' in m)) return 'merge';
  const v = scalarText(m.$patch);
  delete m.$patch;
  if (v === 'delete' || v === 'replace' || v === 'merge') return v;
  throw new MergeError(`unknown patch strategy '${v}'`);
}

/** Reads and removes a list's `- $patch: <directive>` element. */
function takeListDirective(list: unknown[]): string {
  const el = list.find(e => isMap(e) && '$patch' in e) as Obj | undefined;
  if (!el || Object.keys(el).length > 1) return 'merge';
  const v = scalarText(el.$patch);
  if (v !== 'delete' && v !== 'replace' && v !== 'merge') {
    throw new MergeError(`unknown patch strategy '${v}'`);
  }
  elementSetter(list, undefined, ['$patch'], [v]);
  return v;
}

const UNSUPPORTED_DIRECTIVE =
  /^\$(setElementOrder|deleteFromPrimitiveList|retainKeys)/;

/** kyaml FieldMatcher{Name, StringValue}: '' matches any value of a present field. */
function fieldMatches(el: unknown, name: string, value: string): boolean {
  if (el === null || el === undefined) return false;
  if (name === '') {
    if (typeof el === 'object') return false;
    return scalarText(el) === value;
  }
  if (!isMap(el) || !(name in el)) return false;
  return value === '' || scalarText(el[name]) === value;
}

/** kyaml ElementSetter: replace/append (element given) or delete (no element) by keys. */
function elementSetter(
  list: unknown[],
  element: unknown,
  keysIn: string[],
  values: string[],
): void {
  const keys = keysIn.length === 0 ? [''] : keysIn;
  const mappingSetter = keys[0] !== '' && values.length > 0 && values[0] !== '';
  const out: unknown[] = [];
  let matched = false;
  for (const el of list) {
    if (el === null || el === undefined || isEmptyMap(el)) continue;
    if (!isMap(el) && mappingSetter) {
      out.push(el);
      continue;
    }
    let found = false;
    for (let j = 0; j < keys.length; j++) {
      if (j < values.length) found = fieldMatches(el, keys[j], values[j]);
      if (!found) break;
    }
    if (!found) {
      if (values.length > 0) out.push(el);
      continue;
    }
    matched = true;
    if (element !== undefined) out.push(element);
  }
  list.splice(0, list.length, ...out);
  if (element === undefined || element === null) return;
  if (!matched) list.push(element);
}

/** kyaml ElementMatcher: the first map element whose key fields equal the values. */
function matchElement(
  list: unknown[],
  keysIn: string[],
  valuesIn: string[],
): unknown {
  const keys = keysIn.length === 0 ? [''] : keysIn;
  const values = valuesIn.length === 0 ? [''] : valuesIn;
  if (keys[0] === '') {
    return list.find(e => scalarText(e) === values[0] && typeof e !== 'object');
  }
  return list.find(
    el =>
      isMap(el) &&
      keys.every((k, i) => k in el && scalarText(el[k]) === values[i]),
  );
}

function validateKeys(
  valuesList: string[][],
  values: string[],
  keys: string[],
): [string[], string[]] {
  const valid = new Set<string>();
  for (const vs of valuesList) {
    vs.forEach((v, i) => {
      if (v !== '') valid.add(keys[i]);
    });
  }
  if (valid.size === 0) return [keys, values];
  return [
    keys.filter(k => valid.has(k)),
    values.filter((v, i) => v !== '' || valid.has(keys[i])),
  ];
}

function matchValues(a: string[], b: string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const res: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      common = true;
      res.push(a[i]);
    } else if (a[i] !== '' && b[i] !== '') {
      return undefined;
    } else {
      res.push(a[i] !== '' ? a[i] : b[i]);
    }
  }
  return common ? res : undefined;
}

function mergeValues(valuesList: string[][]): void {
  for (let i = 0; i < valuesList.length; i++) {
    const first = valuesList[i];
    for (let j = 0; j < valuesList.length; j++) {
      const merged = matchValues(first, valuesList[j]);
      if (merged) {
        valuesList[i] = merged;
        valuesList[j] = merged;
      }
    }
  }
}

function appendListNode(dst: unknown[], src: unknown[], keys: string[]): void {
  for (const el of [...src]) {
    if (keys[0] === '') {
      elementSetter(dst, el, [''], [scalarText(el)]);
      continue;
    }
    if (!isMap(el))
      throw new MergeError('expected a map element in a merged list');
    const v: string[] = [];
    for (const key of keys) {
      if (!(key in el)) {
        dst.push(el);
        continue;
      }
      v.push(scalarText(el[key]));
    }
    if (keys.length > 1) elementSetter(dst, undefined, keys, v);
    elementSetter(dst, el, keys, v);
  }
}

function walk(
  dest: unknown,
  origin: unknown,
  schema: Schema | undefined,
): Walked {
  const kind = nodeKind(dest) ?? nodeKind(origin) ?? 'map';
  for (const n of [dest, origin]) {
    const k = nodeKind(n);
    if (k && k !== kind) {
      throw new MergeError(
        `cannot merge a ${k === 'seq' ? 'list' : k} into a ${
          kind === 'seq' ? 'list' : kind
        }`,
      );
    }
  }
  if (kind === 'map') {
    return walkMap(dest, origin, schema);
  }
  if (origin === null) return CLEAR;
  if (kind === 'seq' && schema?.mergeKeys) {
    return walkAssociativeList(dest, origin, schema);
  }
  return origin !== undefined ? origin : dest;
}

function walkMap(
  destIn: unknown,
  origin: unknown,
  schema: Schema | undefined,
): Walked {
  let dest = destIn;
  if (dest === undefined || dest === null) {
    if (isMap(origin) && takeMapDirective(origin) === 'delete') return CLEAR;
    if (origin === undefined) return dest; // an explicit null in dest stays
    if (origin === null) return CLEAR;
    dest = clone(origin);
  } else {
    if (origin === null) return CLEAR;
    const directive = isMap(origin) ? takeMapDirective(origin) : 'merge';
    if (directive === 'delete') return CLEAR;
    if (directive === 'replace') dest = clone(origin);
  }
  const d = dest as Obj;
  const o = isMap(origin) ? origin : {};
  const keys = [...new Set([...Object.keys(d), ...Object.keys(o)])].sort(
    byteCompare,
  );
  for (const key of keys) {
    if (UNSUPPORTED_DIRECTIVE.test(key)) {
      throw new MergeError(
        `the "${key}" directive is not supported by kustomize (kyaml)`,
      );
    }
    const v = walk(d[key], o[key], schema?.fields?.[key]);
    if (v === CLEAR || v === undefined) delete d[key];
    else d[key] = v;
  }
  return d;
}

function walkAssociativeList(
  destIn: unknown,
  origin: unknown,
  schema: Schema,
): Walked {
  let dest: unknown[];
  if (!Array.isArray(destIn)) {
    if (!Array.isArray(origin)) return destIn;
    const directive = takeListDirective(origin);
    if (directive === 'delete') return CLEAR;
    dest = clone(origin);
  } else {
    dest = destIn;
    const directive = Array.isArray(origin)
      ? takeListDirective(origin)
      : 'merge';
    if (directive === 'delete') return CLEAR;
    if (directive === 'replace') dest = clone(origin as unknown[]);
  }
  const keys = schema.mergeKeys ?? [];
  // Prepend: the patch's elements are enumerated first (this is what moves
  // patched elements to the front, kustomize issue #5904).
  const sources = [origin, dest];
  const seen = new Set<string>();
  const valuesList: string[][] = [];
  let listKeys = keys;
  if (keys.length > 0) {
    for (const src of sources) {
      if (!Array.isArray(src)) continue;
      for (const el of src) {
        const tuple = keys.map(k => (isMap(el) ? scalarText(el[k]) : ''));
        const id = JSON.stringify(tuple);
        if (!seen.has(id)) {
          seen.add(id);
          valuesList.push(tuple);
        }
      }
    }
  } else {
    listKeys = [''];
    for (const src of sources) {
      if (!Array.isArray(src)) continue;
      for (const el of src) {
        const v = scalarText(el);
        if (!seen.has(v)) {
          seen.add(v);
          valuesList.push([v]);
        }
      }
    }
  }
  if (valuesList.length === 0) return dest;
  if (listKeys.length > 1) mergeValues(valuesList);

  const items: unknown[] = [];
  let validKeys: string[] = listKeys;
  let validValues: string[] = [];
  for (const values of valuesList) {
    [validKeys, validValues] = validateKeys(valuesList, values, listKeys);
    const [k2, v2] = validateKeys([validValues], validValues, validKeys);
    const d = matchElement(dest, k2, v2);
    const o = Array.isArray(origin) ? matchElement(origin, k2, v2) : undefined;
    const val = walk(d, o, schema.items);
    if (val === CLEAR || val === undefined || val === null || isEmptyMap(val)) {
      elementSetter(dest, undefined, validKeys, validValues);
      continue;
    }
    for (let i = 0; i < validKeys.length; i++) {
      const key = validKeys[i];
      if (isMap(val) && key !== '' && !(key in val) && validValues[i] !== '') {
        val[key] = validValues[i];
      }
    }
    elementSetter(items, val, validKeys, validValues);
  }
  appendListNode(items, dest, validKeys);
  return items;
}

/** resource.ApplySmPatch: merge, then restore kind, name and namespace unless allowed. */
export function applyStrategicMerge(
  r: Res,
  patch: Obj,
  options: PatchSpec['options'],
): boolean {
  const name = getName(r.obj);
  const ns = getNamespace(r.obj);
  const kind = getKind(r.obj);
  if (options?.allowNameChange || options?.allowKindChange) storePreviousId(r);
  const result = walk(r.obj, patch, schemaFor(r.obj));
  if (!isMap(result) || isEmptyMap(result)) return false;
  r.obj = result;
  if (!options?.allowKindChange) r.obj.kind = kind;
  if (!options?.allowNameChange) metadataOf(r.obj).name = name;
  setNamespace(r.obj, ns);
  return true;
}
