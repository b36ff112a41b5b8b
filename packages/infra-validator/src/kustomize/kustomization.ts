/*
 * The kustomization file: the supported fields, their types, the strict
 * shape checks kustomize applies when decoding, and loading one from a
 * directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { Ctx, display, Loader } from './loader';
import { isEmptyMap, isMap, Obj } from './objects';
import { KustomizeError } from './types';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'patches',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'sortOptions',
]);

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchSpec {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

interface LabelSpec {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}

export interface ImageSpec {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  type?: string;
}

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  components?: string[];
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  labels?: LabelSpec[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  patches?: PatchSpec[];
  images?: ImageSpec[];
  replicas?: Array<{ name?: string; count?: number }>;
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  sortOptions?: {
    order?: string;
    legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
  };
}

/**
 * Strict shape checks, as kustomize decodes kustomization files with
 * DisallowUnknownFields into typed Go structs (a number where a string is
 * expected fails there too).
 */
class Shape {
  constructor(private readonly fail: (reason: string) => never) {}

  string(v: unknown, where: string): void {
    if (v !== undefined && v !== null && typeof v !== 'string') {
      this.fail(`${where} must be a string (quote it)`);
    }
  }

  bool(v: unknown, where: string): void {
    if (v !== undefined && v !== null && typeof v !== 'boolean') {
      this.fail(`${where} must be a boolean`);
    }
  }

  strings(v: unknown, where: string): void {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) this.fail(`${where} must be a list of strings`);
    v.forEach((s, i) => this.string(s, `${where}[${i}]`));
  }

  stringMap(v: unknown, where: string): void {
    if (v === undefined || v === null) return;
    if (!isMap(v)) this.fail(`${where} must be a map of strings`);
    for (const [k, s] of Object.entries(v)) this.string(s, `${where}.${k}`);
  }

  object(
    v: unknown,
    where: string,
    fields: Record<string, (value: unknown, at: string) => void>,
  ): void {
    if (v === undefined || v === null) return;
    if (!isMap(v)) this.fail(`${where} must be a map`);
    for (const [k, value] of Object.entries(v)) {
      const check = fields[k];
      if (!check) {
        this.fail(`field "${where}.${k}" is unsupported by this renderer`);
      }
      check(value, `${where}.${k}`);
    }
  }

  list(v: unknown, where: string, item: (value: unknown, at: string) => void) {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) this.fail(`${where} must be a list`);
    v.forEach((x, i) => item(x, `${where}[${i}]`));
  }
}

function checkKustomization(k: Obj, fail: (reason: string) => never) {
  const s = new Shape(fail);
  const str = (v: unknown, at: string) => s.string(v, at);
  const bool = (v: unknown, at: string) => s.bool(v, at);
  const strs = (v: unknown, at: string) => s.strings(v, at);
  const smap = (v: unknown, at: string) => s.stringMap(v, at);
  const genOptions = (v: unknown, at: string) =>
    s.object(v, at, {
      labels: smap,
      annotations: smap,
      disableNameSuffixHash: bool,
      immutable: bool,
    });
  const generator = (secret: boolean) => (v: unknown, at: string) =>
    s.object(v, at, {
      name: str,
      namespace: str,
      behavior: str,
      literals: strs,
      files: strs,
      envs: strs,
      env: str,
      options: genOptions,
      ...(secret ? { type: str } : {}),
    });

  for (const field of Object.keys(k)) {
    if (!SUPPORTED_FIELDS.has(field)) {
      fail(`field "${field}" is unsupported by this renderer`);
    }
  }
  for (const f of [
    'apiVersion',
    'kind',
    'namespace',
    'namePrefix',
    'nameSuffix',
  ]) {
    str(k[f], f);
  }
  for (const f of ['resources', 'components']) strs(k[f], f);
  for (const f of ['commonLabels', 'commonAnnotations']) smap(k[f], f);
  s.list(k.labels, 'labels', (v, at) =>
    s.object(v, at, {
      pairs: smap,
      includeSelectors: bool,
      includeTemplates: bool,
    }),
  );
  s.list(k.patches, 'patches', (v, at) =>
    s.object(v, at, {
      path: str,
      patch: str,
      target: (t, tat) =>
        s.object(t, tat, {
          group: str,
          version: str,
          kind: str,
          name: str,
          namespace: str,
          labelSelector: str,
          annotationSelector: str,
        }),
      options: (o, oat) =>
        s.object(o, oat, { allowNameChange: bool, allowKindChange: bool }),
    }),
  );
  s.list(k.images, 'images', (v, at) =>
    s.object(v, at, {
      name: str,
      newName: str,
      newTag: str,
      digest: str,
      tagSuffix: str,
    }),
  );
  s.list(k.replicas, 'replicas', (v, at) =>
    s.object(v, at, {
      name: str,
      count: (c, cat) => {
        if (c !== undefined && c !== null && !Number.isInteger(c)) {
          fail(`${cat} must be an integer`);
        }
      },
    }),
  );
  s.list(k.configMapGenerator, 'configMapGenerator', generator(false));
  s.list(k.secretGenerator, 'secretGenerator', generator(true));
  genOptions(k.generatorOptions, 'generatorOptions');
  s.object(k.sortOptions, 'sortOptions', {
    order: str,
    legacySortOptions: (v, at) =>
      s.object(v, at, { orderFirst: strs, orderLast: strs }),
  });
  s.object(k.metadata, 'metadata', {
    name: str,
    namespace: str,
    labels: smap,
    annotations: smap,
  });
}

interface LoadedKustomization {
  k: Kustomization;
  file: string;
  loader: Loader;
}

export function loadKustomization(ctx: Ctx, dir: string): LoadedKustomization {
  const found = KUSTOMIZATION_FILES.filter(n => {
    try {
      return fs.statSync(path.join(dir, n)).isFile();
    } catch {
      return false;
    }
  });
  if (found.length === 0) {
    throw new KustomizeError(
      display(ctx, dir),
      `no kustomization file (${KUSTOMIZATION_FILES.join(
        ', ',
      )}) in this directory`,
    );
  }
  if (found.length > 1) {
    throw new KustomizeError(
      display(ctx, dir),
      `found multiple kustomization files: ${found.join(', ')}`,
    );
  }
  const file = path.join(dir, found[0]);
  const loader = new Loader(ctx, dir, file);
  const fail = (reason: string): never => loader.fail(reason);
  // Kustomize reads kustomization files with sigs.k8s.io/yaml: YAML 1.1.
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { version: '1.1' });
  if (doc.errors.length > 0) fail(`invalid YAML: ${doc.errors[0].message}`);
  const k = doc.toJS() as unknown;
  if (k === null || k === undefined || isEmptyMap(k)) {
    fail('kustomization is empty');
  }
  if (!isMap(k)) return fail('a kustomization must be a YAML map');
  checkKustomization(k, fail);
  return { k: k as Kustomization, file, loader };
}
