/*
 * The build: accumulating a kustomization directory (resources, generators,
 * components, then the transformers in kustomize's order) and the entry point
 * that renders the top-level kustomization.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Accumulator } from './accumulator';
import { FieldSpecError } from './fieldspec';
import { generate, kustomizeHash } from './generators';
import {
  curId,
  idEquals,
  idString,
  LEGACY_ORDER_FIRST,
  LEGACY_ORDER_LAST,
  legacySort,
  newRes,
  Res,
  storePreviousId,
} from './identity';
import { transformImages } from './images';
import { loadKustomization } from './kustomization';
import { transformAnnotations, transformLabels } from './labels';
import { Ctx, display, isWithin, Loader, objectsFromText } from './loader';
import { MergeError } from './merge';
import { fixNameReferences } from './namereference';
import { transformNamePrefixSuffix, transformNamespace } from './namespace';
import { getName, metadataOf, sortKeysDeep, stringMap } from './objects';
import { transformPatches } from './patches';
import { transformReplicas } from './replicas';
import { KustomizeError, RenderedObject, RenderOptions } from './types';

interface Frame {
  /** Symlink-free kustomization directories from the top down to this one. */
  chain: string[];
}

function accumulateDirectory(
  ctx: Ctx,
  dir: string,
  frame: Frame,
  acc: Accumulator,
  isComponent: boolean,
  referrer?: Loader,
): Accumulator {
  const { k, loader } = loadKustomization(ctx, dir);
  const kind = k.kind ?? 'Kustomization';
  const apiVersion = k.apiVersion ?? '';
  if (kind !== 'Kustomization' && kind !== 'Component') {
    loader.fail('kind should be Kustomization or Component');
  }
  const required =
    kind === 'Component'
      ? 'kustomize.config.k8s.io/v1alpha1'
      : 'kustomize.config.k8s.io/v1beta1';
  if (apiVersion && apiVersion !== required) {
    loader.fail(`apiVersion for ${kind} should be ${required}`);
  }
  if (referrer && isComponent && kind !== 'Component') {
    referrer.fail(
      `expected kind 'Component' for path '${loader.show(
        dir,
      )}' but got '${kind}'`,
    );
  }
  if (referrer && !isComponent && kind === 'Component') {
    referrer.fail(
      `expected kind != 'Component' for path '${loader.show(dir)}'`,
    );
  }

  const subDir = (ref: string, what: string): string => {
    const real = loader.resolve(ref, what);
    if (!fs.statSync(real).isDirectory()) {
      loader.fail(`${what} "${ref}" must be a directory`);
    }
    // FileLoader.errIfArgEqualOrHigher
    const visited = frame.chain.find(root => isWithin(root, real));
    if (visited) {
      loader.fail(
        `cycle detected: ${what} "${ref}" (${loader.show(
          real,
        )}) contains visited root ${loader.show(visited)}`,
      );
    }
    return real;
  };

  // resources: files (inside the root) or directories holding a kustomization
  for (const entry of k.resources ?? []) {
    const real = loader.resolve(entry, 'resource');
    if (fs.statSync(real).isFile()) {
      loader.file(entry, 'resource');
      for (const obj of objectsFromText(
        fs.readFileSync(real, 'utf8'),
        real,
        ctx,
      )) {
        acc.append(newRes(obj, real), loader);
      }
    } else {
      const base = subDir(entry, 'resource');
      const sub = accumulateDirectory(
        ctx,
        base,
        { chain: [...frame.chain, base] },
        new Accumulator(ctx),
        false,
        loader,
      );
      for (const r of sub.list) acc.append(r, loader);
    }
  }

  // generators
  (k.configMapGenerator ?? []).forEach((args, i) =>
    acc.absorb(
      generate(
        args,
        'ConfigMap',
        k.generatorOptions,
        loader,
        `configMapGenerator[${i}]`,
      ),
      loader,
    ),
  );
  (k.secretGenerator ?? []).forEach((args, i) =>
    acc.absorb(
      generate(
        args,
        'Secret',
        k.generatorOptions,
        loader,
        `secretGenerator[${i}]`,
      ),
      loader,
    ),
  );

  // components work on this accumulator, after resources and generators
  let current = acc;
  for (const entry of k.components ?? []) {
    const compDir = subDir(entry, 'component');
    current = accumulateDirectory(
      ctx,
      compDir,
      { chain: [...frame.chain, compDir] },
      current,
      true,
      loader,
    );
  }

  // transformers, in kustomize's order
  const ra = current;
  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof FieldSpecError || e instanceof MergeError) {
        loader.fail(`${what}: ${e.message}`);
      }
      throw e;
    }
  };
  guard('patches', () => transformPatches(ra, k, loader));
  guard('namespace', () => transformNamespace(ra, k.namespace, loader));
  guard('namePrefix', () =>
    transformNamePrefixSuffix(ra, k.namePrefix, 'prefix'),
  );
  guard('nameSuffix', () =>
    transformNamePrefixSuffix(ra, k.nameSuffix, 'suffix'),
  );
  guard('labels', () => transformLabels(ra, k));
  guard('commonAnnotations', () =>
    transformAnnotations(ra, k.commonAnnotations),
  );
  guard('replicas', () => transformReplicas(ra, k, loader));
  guard('images', () => transformImages(ra, k.images, loader));
  return ra;
}

/**
 * Renders the kustomization in `dir` as `kustomize build` (v5) would and
 * returns the objects in its output order, each with its source file.
 */
export function renderKustomization(
  dir: string,
  options: RenderOptions = {},
): RenderedObject[] {
  const ctx: Ctx = {};
  if (options.repoRoot) {
    try {
      ctx.repoRoot = fs.realpathSync(options.repoRoot);
    } catch {
      throw new KustomizeError(options.repoRoot, 'repository root not found');
    }
  }
  let root: string;
  try {
    root = fs.realpathSync(path.resolve(dir));
  } catch {
    throw new KustomizeError(dir, 'kustomization directory not found');
  }
  if (ctx.repoRoot && !isWithin(root, ctx.repoRoot)) {
    throw new KustomizeError(
      dir,
      'the kustomization directory is outside the repository root',
    );
  }
  const top = loadKustomization(ctx, root);
  const acc = accumulateDirectory(
    ctx,
    root,
    { chain: [root] },
    new Accumulator(ctx),
    false,
  );

  // makeCustomizedResMap: hashes, then back references, then local configs dropped.
  for (const r of acc.list) {
    if (!r.needsHash) continue;
    const hash = kustomizeHash(r.obj);
    storePreviousId(r);
    metadataOf(r.obj).name = `${getName(r.obj)}-${hash}`;
  }
  try {
    fixNameReferences(acc.list, ctx);
  } catch (e) {
    if (e instanceof FieldSpecError)
      top.loader.fail(`name references: ${e.message}`);
    throw e;
  }
  const seen: Res[] = [];
  for (const r of acc.list) {
    const clash = seen.find(x => idEquals(curId(x), curId(r)));
    if (clash) {
      top.loader.fail(
        `may not add resource with an already registered id: ${idString(
          curId(r),
        )} (from ${top.loader.show(clash.file)} and ${top.loader.show(
          r.file,
        )})`,
      );
    }
    seen.push(r);
  }
  let list = acc.list.filter(r => {
    const local = stringMap(r.obj, 'annotations')[
      'config.kubernetes.io/local-config'
    ];
    return local === undefined || local === 'false';
  });

  // `kustomize build` sorts in the legacy order unless sortOptions says otherwise.
  const sort = top.k.sortOptions;
  const order = sort?.order ?? 'legacy';
  if (order !== 'legacy' && order !== 'fifo') {
    top.loader.fail(
      `the field 'sortOptions.order' must be one of [fifo, legacy]`,
    );
  }
  if (order === 'fifo' && sort?.legacySortOptions) {
    top.loader.fail(
      "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
    );
  }
  if (order === 'legacy') {
    list = legacySort(
      list,
      sort?.legacySortOptions?.orderFirst ?? LEGACY_ORDER_FIRST,
      sort?.legacySortOptions?.orderLast ?? LEGACY_ORDER_LAST,
    );
  }
  return list.map(r => ({
    object: sortKeysDeep(r.obj) as Record<string, unknown>,
    file: display(ctx, r.file),
  }));
}
