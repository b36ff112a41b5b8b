/*
 * The patches transformer: reading patches and applying them to their
 * targets.
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { Accumulator } from './accumulator';
import {
  anyIds,
  curId,
  idEquals,
  idString,
  isClusterScoped,
  parseGroupVersion,
  Res,
  ResId,
  storePreviousId,
} from './identity';
import { applyJsonPatch, JsonPatchError } from './jsonpatch';
import { Kustomization, PatchSpec, Selector } from './kustomization';
import { Loader, validateResource } from './loader';
import { applyStrategicMerge, MergeError } from './merge';
import {
  clone,
  getApiVersion,
  getKind,
  getName,
  getNamespace,
  isEmptyMap,
  Obj,
} from './objects';
import { selectResources } from './selector';

function parsePatch(
  text: string,
  source: string,
  loader: Loader,
): { sm?: Obj[]; json?: unknown[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const ops = JSON.parse(trimmed) as unknown;
      if (Array.isArray(ops)) return { json: ops };
    } catch {
      // not JSON; read it as YAML below
    }
  }
  const docs = parseAllDocuments(text, { merge: true });
  const list = (Array.isArray(docs) ? docs : [docs]).filter(
    d => d.contents !== null && !isEmptyMap(d.toJS()),
  );
  if (list.some(d => d.errors.length > 0)) {
    loader.fail(`unable to parse SM or JSON patch from ${source}`);
  }
  if (list.length === 1 && Array.isArray(list[0].toJS())) {
    // JSON 6902 patches in YAML are read with sigs.k8s.io/yaml (YAML 1.1).
    const ops = parseDocument(text, { version: '1.1' }).toJS() as unknown[];
    return { json: ops };
  }
  const sm = list.map(d => d.toJS() as unknown);
  const fail = (reason: string): never =>
    loader.fail(`patch ${source}: ${reason}`);
  return { sm: sm.map(o => validateResource(o, fail)) };
}

export function transformPatches(
  ra: Accumulator,
  k: Kustomization,
  loader: Loader,
) {
  (k.patches ?? []).forEach((p, i) => applyPatchEntry(ra, p, i, loader));
}

function applyPatchEntry(
  ra: Accumulator,
  p: PatchSpec,
  i: number,
  loader: Loader,
): void {
  let text: string;
  let source: string;
  if ((p.patch ?? '').trim() !== '' && p.path) {
    loader.fail(`patches[${i}]: patch and path can't be set at the same time`);
  }
  if ((p.patch ?? '').trim() !== '') {
    text = p.patch!.trim();
    source = `patches[${i}] (inline)`;
  } else if (p.path) {
    text = loader.read(p.path, 'patch').content.toString('utf8');
    source = `patches[${i}] (${p.path})`;
  } else {
    loader.fail(`patches[${i}]: must specify one of patch and path`);
  }
  const parsed = parsePatch(text, source, loader);
  const fail = (reason: string): never => loader.fail(`${source}: ${reason}`);
  const select = (target: Selector) => {
    try {
      return selectResources(ra.list, target);
    } catch (e) {
      return fail(`invalid target: ${(e as Error).message}`);
    }
  };

  if (parsed.json) {
    if (!p.target) {
      loader.fail(`${source}: must specify a target for JSON patch`);
    }
    for (const r of select(p.target)) {
      storePreviousId(r);
      try {
        r.obj = applyJsonPatch(clone(r.obj), parsed.json);
      } catch (e) {
        if (!(e instanceof JsonPatchError)) throw e;
        fail(`on ${idString(curId(r))}: ${e.message}`);
      }
    }
    return;
  }

  const patches = parsed.sm!;
  if (patches.length === 0) return; // nothing but comments: a no-op in kustomize
  const apply = (r: Res, patch: Obj) => {
    try {
      return applyStrategicMerge(r, patch, p.options);
    } catch (e) {
      if (!(e instanceof MergeError)) throw e;
      return fail(`on ${idString(curId(r))}: ${e.message}`);
    }
  };
  if (p.target) {
    if (patches.length > 1) {
      fail(
        'multiple strategic-merge patches in one `patches` entry may not set `target`',
      );
    }
    const selected = new Set(select(p.target));
    const kept: Res[] = [];
    for (const r of ra.list) {
      if (selected.has(r)) {
        const patch = clone(patches[0]);
        patch.apiVersion = getApiVersion(r.obj);
        if (!apply(r, patch)) continue;
      }
      kept.push(r);
    }
    ra.list = [];
    for (const r of kept) ra.append(r, loader);
    return;
  }
  for (const patchIn of patches) {
    const patch = clone(patchIn);
    const [group, version] = parseGroupVersion(getApiVersion(patch));
    const id: ResId = {
      group,
      version,
      kind: getKind(patch),
      name: getName(patch),
      namespace: getNamespace(patch),
      clusterScoped: isClusterScoped(getApiVersion(patch), getKind(patch)),
    };
    const targets = ra.list.filter(r =>
      anyIds(r).some(other => idEquals(id, other)),
    );
    if (targets.length === 0) {
      fail(`no resource matches strategic merge patch ${idString(id)}`);
    }
    if (targets.length > 1) {
      fail(`multiple resources match strategic merge patch ${idString(id)}`);
    }
    if (!apply(targets[0], patch))
      ra.list = ra.list.filter(r => r !== targets[0]);
  }
}
