/*
 * Field specs (api/filters/fieldspec): visiting and setting the fields a
 * spec names.
 */
import { Gvk, gvkSelected, parseGroupVersion } from './identity';
import { byteCompare, getApiVersion, getKind, isMap, Obj } from './objects';

export interface FieldSpec extends Partial<Gvk> {
  path: string;
  create?: boolean;
}

/** kyaml's PathSplitter: '/'-separated, `\/` escapes a slash. */
function splitPath(p: string): string[] {
  const parts = p.split('/');
  if (parts.length > 1 && parts[0] === '') parts.shift();
  const out = [parts[0]];
  for (const part of parts.slice(1)) {
    const last = out.length - 1;
    if (out[last].endsWith('\\'))
      out[last] = `${out[last].slice(0, -1)}/${part}`;
    else out.push(part);
  }
  return out;
}

function objectGvk(obj: Obj): Gvk {
  const [group, version] = parseGroupVersion(getApiVersion(obj));
  return { group, version, kind: getKind(obj) };
}

export type Holder = Obj | unknown[];
export type Setter = (holder: Holder, key: string | number) => void;

export class FieldSpecError extends Error {}

/**
 * Visits the field(s) a field spec names, walking into every element of
 * lists on the way and creating missing fields when the spec says
 * `create` and the caller gives a node kind to create.
 */
export function applyFieldSpec(
  obj: Obj,
  spec: FieldSpec,
  set: Setter,
  createKind?: 'map' | 'scalar',
): void {
  if (!gvkSelected(objectGvk(obj), spec)) return;
  const parts = splitPath(spec.path);

  function visit(holder: Holder, key: string | number, rest: string[]): void {
    if (rest.length === 0) {
      set(holder, key);
      return;
    }
    const value = (holder as Obj)[key as string];
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((_, i) => visit(value, i, rest));
    } else if (isMap(value)) {
      handleMap(value, rest);
    } else {
      throw new FieldSpecError(
        `considering field '${spec.path}': expected sequence or mapping node`,
      );
    }
  }

  function handleMap(m: Obj, rest: string[]): void {
    const isSeq = rest[0].endsWith('[]');
    const name = isSeq ? rest[0].slice(0, -2) : rest[0];
    if (!name)
      throw new FieldSpecError('cannot set or create an empty field name');
    if (!spec.create || !createKind || isSeq) {
      if (!(name in m)) return;
    } else if (rest.length <= 1) {
      if (m[name] === undefined || m[name] === null) {
        m[name] = createKind === 'map' ? {} : '';
      }
    } else if (m[name] === undefined || m[name] === null) {
      m[name] = {};
    }
    visit(m, name, rest.slice(1));
  }

  handleMap(obj, parts);
}

export function mapSetter(entries: Record<string, string>): Setter {
  return (holder, key) => {
    const target = (holder as Obj)[key as string];
    if (target === null || target === undefined) return;
    if (!isMap(target))
      throw new FieldSpecError('expected a map to set entries in');
    for (const k of Object.keys(entries).sort(byteCompare))
      target[k] = entries[k];
  };
}

export function scalarSetter(value: (old: unknown) => string): Setter {
  return (holder, key) => {
    const h = holder as Obj;
    const old = h[key as string];
    if (typeof old === 'object' && old !== null) {
      throw new FieldSpecError('expected a scalar field');
    }
    h[key as string] = value(old);
  };
}

export const fs_ = (
  p: string,
  create: boolean,
  gvk: Partial<Gvk> = {},
): FieldSpec => ({ path: p, create, ...gvk });
