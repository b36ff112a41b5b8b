/** JSON 6902 patches (evanphx/json-patch v4, as kustomize uses it). */
import { clone, isMap, Obj, scalarText } from './objects';

export class JsonPatchError extends Error {}

const decodePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function arrayIndex(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) {
    throw new JsonPatchError(`value was not a proper array index: '${key}'`);
  }
  return Number(key);
}

type Container = Obj | unknown[];

function findObject(
  doc: Container,
  pointer: string,
): [Container, string] | undefined {
  const split = pointer.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const raw of split.slice(1, -1)) {
    const part = decodePointer(raw);
    let next: unknown;
    if (Array.isArray(cur)) {
      try {
        next = arrayGet(cur, part);
      } catch {
        return undefined;
      }
    } else {
      next = cur[part];
    }
    if (next === null || next === undefined || typeof next !== 'object')
      return undefined;
    cur = next as Container;
  }
  return [cur, decodePointer(split[split.length - 1])];
}

function arrayGet(a: unknown[], key: string): unknown {
  let idx = arrayIndex(key);
  if (idx < 0) {
    if (idx < -a.length)
      throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
    idx += a.length;
  }
  if (idx >= a.length)
    throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  return a[idx];
}

function containerGet(c: Container, key: string): unknown {
  return Array.isArray(c) ? arrayGet(c, key) : c[key];
}

function containerAdd(c: Container, key: string, val: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = val;
    return;
  }
  if (key === '-') {
    c.push(val);
    return;
  }
  let idx = arrayIndex(key);
  const size = c.length + 1;
  if (idx >= size)
    throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  if (idx < 0) {
    if (idx < -size)
      throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
    idx += size;
  }
  c.splice(idx, 0, val);
}

function containerRemove(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!(key in c))
      throw new JsonPatchError(`Unable to remove nonexistent key: ${key}`);
    delete c[key];
    return;
  }
  let idx = arrayIndex(key);
  if (idx >= c.length)
    throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  if (idx < 0) {
    if (idx < -c.length)
      throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
    idx += c.length;
  }
  c.splice(idx, 1);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (isMap(a) || isMap(b)) {
    if (!isMap(a) || !isMap(b)) return false;
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every(k => k in b && jsonEqual(a[k] ?? null, b[k] ?? null))
    );
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function applyJsonPatch(docIn: Obj, ops: unknown[]): Obj {
  let doc: Container = docIn;
  ops.forEach((opIn, n) => {
    const where = `operation ${n}`;
    if (!isMap(opIn)) throw new JsonPatchError(`${where} is not an object`);
    const op = opIn;
    const kind = scalarText(op.op);
    const pointer = (field: 'path' | 'from') => {
      if (typeof op[field] !== 'string') {
        throw new JsonPatchError(`${where} (${kind}): missing ${field} field`);
      }
      return op[field] as string;
    };
    const locate = (p: string, what: string) => {
      const found = findObject(doc, p);
      if (!found) {
        throw new JsonPatchError(
          `${kind} operation does not apply: doc is missing ${what}: "${p}"`,
        );
      }
      return found;
    };
    switch (kind) {
      case 'add': {
        const [c, key] = locate(pointer('path'), 'path');
        containerAdd(c, key, clone(op.value ?? null));
        break;
      }
      case 'remove': {
        const [c, key] = locate(pointer('path'), 'path');
        containerRemove(c, key);
        break;
      }
      case 'replace': {
        const p = pointer('path');
        if (p === '') {
          if (typeof op.value !== 'object' || op.value === null) {
            throw new JsonPatchError(
              'replace operation value must be object or array',
            );
          }
          doc = clone(op.value) as Container;
          break;
        }
        const [c, key] = locate(p, 'path');
        if (Array.isArray(c)) {
          arrayGet(c, key);
          let idx = arrayIndex(key);
          if (idx < 0) idx += c.length;
          c[idx] = clone(op.value ?? null);
        } else {
          // v4 quirk: replacing a missing object key just sets it.
          c[key] = clone(op.value ?? null);
        }
        break;
      }
      case 'move': {
        const [from, fromKey] = locate(pointer('from'), 'from path');
        const val = containerGet(from, fromKey);
        containerRemove(from, fromKey);
        const [to, toKey] = locate(pointer('path'), 'destination path');
        containerAdd(to, toKey, val);
        break;
      }
      case 'copy': {
        const [from, fromKey] = locate(pointer('from'), 'from path');
        const val = containerGet(from, fromKey);
        const [to, toKey] = locate(pointer('path'), 'destination path');
        containerAdd(to, toKey, clone(val ?? null));
        break;
      }
      case 'test': {
        const p = pointer('path');
        let val: unknown;
        if (p === '') {
          val = doc;
        } else {
          const [c, key] = locate(p, 'path');
          val = containerGet(c, key);
        }
        const expected = op.value;
        const bothNull =
          (val === null || val === undefined) &&
          (expected === null || expected === undefined);
        if (!bothNull && !jsonEqual(val, expected)) {
          throw new JsonPatchError(`testing value ${p} failed`);
        }
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  });
  if (!isMap(doc))
    throw new JsonPatchError('the patched document is not an object');
  return doc;
}
