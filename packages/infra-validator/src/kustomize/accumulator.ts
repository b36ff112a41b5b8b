/*
 * The accumulated resources of a kustomization, with the id checks of
 * resWrangler.
 */
import { anyIds, curId, idEquals, idString, Res } from './identity';
import { Ctx, Loader } from './loader';
import {
  getName,
  getNamespace,
  isMap,
  metadataOf,
  Obj,
  setNamespace,
  stringMap,
} from './objects';

export class Accumulator {
  constructor(readonly ctx: Ctx, public list: Res[] = []) {}

  /** resWrangler.Append: the current id must be new. */
  append(r: Res, loader: Loader): void {
    const id = curId(r);
    const clash = this.list.find(x => idEquals(curId(x), id));
    if (clash) {
      loader.fail(
        `may not add resource with an already registered id: ${idString(
          id,
        )} (from ${loader.show(clash.file)} and ${loader.show(r.file)})`,
      );
    }
    this.list.push(r);
  }

  /** resWrangler.appendReplaceOrMerge, for generated objects. */
  absorb(r: Res, loader: Loader): void {
    const id = curId(r);
    const matches = this.list.filter(x =>
      anyIds(x).some(other => idEquals(id, other)),
    );
    if (matches.length === 0) {
      if (r.behavior === 'merge' || r.behavior === 'replace') {
        loader.fail(
          `id ${idString(id)} does not exist; cannot merge or replace`,
        );
      }
      this.append(r, loader);
      return;
    }
    if (matches.length > 1) {
      loader.fail(
        `found multiple objects that could accept merge of ${idString(id)}`,
      );
    }
    const old = matches[0];
    if (r.behavior !== 'merge' && r.behavior !== 'replace') {
      loader.fail(
        `id ${idString(id)} exists (from ${loader.show(
          old.file,
        )}); behavior must be merge or replace`,
      );
    }
    // CopyMergeMetaDataFieldsFrom (+ MergeDataMapFrom for merge)
    const labels = {
      ...stringMap(old.obj, 'labels'),
      ...stringMap(r.obj, 'labels'),
    };
    const annotations = {
      ...stringMap(old.obj, 'annotations'),
      ...stringMap(r.obj, 'annotations'),
    };
    const meta = metadataOf(r.obj);
    if (Object.keys(labels).length > 0) meta.labels = labels;
    if (Object.keys(annotations).length > 0) meta.annotations = annotations;
    meta.name = getName(old.obj);
    setNamespace(r.obj, getNamespace(old.obj));
    r.prev = [...old.prev];
    r.prefixes = [...old.prefixes];
    r.suffixes = [...old.suffixes];
    r.needsHash = r.needsHash && old.needsHash;
    if (r.behavior === 'merge') {
      for (const field of ['data', 'binaryData']) {
        const merged = {
          ...(isMap(old.obj[field]) ? (old.obj[field] as Obj) : {}),
          ...(isMap(r.obj[field]) ? (r.obj[field] as Obj) : {}),
        };
        if (Object.keys(merged).length > 0) r.obj[field] = merged;
      }
    }
    this.list[this.list.indexOf(old)] = r;
  }
}
