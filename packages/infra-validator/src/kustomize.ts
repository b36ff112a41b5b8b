/*
 * A renderer for the part of Kustomize the infra repo uses.
 *
 * No `kustomize` binary is available where the validator runs, so this
 * re-implements `kustomize build` for a subset of kustomization fields. The
 * behaviour follows kubernetes-sigs/kustomize v5 (read against the
 * kustomize/v5.8.1 sources: api/internal/target, api/filters/*,
 * api/internal/builtins, api/resmap, kyaml/yaml/merge2 and kyaml/yaml/walk,
 * api/hasher, api/internal/konfig/builtinpluginconsts). Anything outside the
 * supported subset is rejected with a KustomizeError instead of being
 * rendered differently from Kustomize.
 */
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

/** One object of the build output and the file it came from. */
export interface RenderedObject {
  object: Record<string, unknown>;
  /** The source file of the object (the kustomization file for generated objects). */
  file: string;
}

export class KustomizeError extends Error {
  constructor(public readonly file: string, public readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'KustomizeError';
  }
}

export interface RenderOptions {
  /** Paths in errors and results are relative to it; nothing may resolve outside it. */
  repoRoot?: string;
}

// ---------------------------------------------------------------------------
// Plain-data helpers

type Obj = Record<string, unknown>;

const isMap = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const clone = <T>(v: T): T => structuredClone(v);

const isEmptyMap = (v: unknown) => isMap(v) && Object.keys(v).length === 0;

/** The text of a YAML scalar node (kyaml's `YNode().Value`); '' for null and collections. */
function scalarText(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  return String(v);
}

/** Byte-wise string order, as Go's sort.Strings. */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isMap(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort(byteCompare)) out[k] = sortKeysDeep(v[k]);
  return out;
}

function metadataOf(obj: Obj): Obj {
  if (!isMap(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

const getName = (obj: Obj) =>
  isMap(obj.metadata) ? scalarText(obj.metadata.name) : '';
const getNamespace = (obj: Obj) =>
  isMap(obj.metadata) ? scalarText(obj.metadata.namespace) : '';
const getKind = (obj: Obj) => scalarText(obj.kind);
const getApiVersion = (obj: Obj) => scalarText(obj.apiVersion);

function setNamespace(obj: Obj, ns: string) {
  if (ns) metadataOf(obj).namespace = ns;
  else if (isMap(obj.metadata)) delete obj.metadata.namespace;
}

function stringMap(obj: Obj, field: 'labels' | 'annotations'): Obj {
  const m = isMap(obj.metadata) ? obj.metadata[field] : undefined;
  return isMap(m) ? m : {};
}

// ---------------------------------------------------------------------------
// Resource identity (kyaml/resid)

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

interface ResId extends Gvk {
  name: string;
  namespace: string;
  clusterScoped: boolean;
}

const NOT_NAMESPACEABLE = '_non_namespaceable_';

/*
 * Kinds Kustomize knows to be cluster-scoped: kyaml/openapi's precomputed
 * table (the Kubernetes 1.21.2 schema), keyed by exact apiVersion and kind.
 * ValidatingAdmissionPolicy(+Binding) are in the table on kustomize master
 * (PR #6056, fixing issue #6051) but not yet in a release: v5.8.1 still
 * namespaces them. Every other kind, custom resources included, is
 * treated as namespaced, as Kustomize does.
 */
const CLUSTER_SCOPED = new Set(
  [
    'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
    'apiextensions.k8s.io/v1 CustomResourceDefinition',
    'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
    'apiregistration.k8s.io/v1 APIService',
    'apiregistration.k8s.io/v1beta1 APIService',
    'certificates.k8s.io/v1 CertificateSigningRequest',
    'certificates.k8s.io/v1beta1 CertificateSigningRequest',
    'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
    'networking.k8s.io/v1 IngressClass',
    'networking.k8s.io/v1beta1 IngressClass',
    'node.k8s.io/v1 RuntimeClass',
    'node.k8s.io/v1beta1 RuntimeClass',
    'policy/v1beta1 PodSecurityPolicy',
    'rbac.authorization.k8s.io/v1 ClusterRole',
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1beta1 ClusterRole',
    'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
    'scheduling.k8s.io/v1 PriorityClass',
    'scheduling.k8s.io/v1beta1 PriorityClass',
    'storage.k8s.io/v1 CSIDriver',
    'storage.k8s.io/v1 CSINode',
    'storage.k8s.io/v1 StorageClass',
    'storage.k8s.io/v1 VolumeAttachment',
    'storage.k8s.io/v1beta1 CSIDriver',
    'storage.k8s.io/v1beta1 CSINode',
    'storage.k8s.io/v1beta1 StorageClass',
    'storage.k8s.io/v1beta1 VolumeAttachment',
    'v1 ComponentStatus',
    'v1 Namespace',
    'v1 Node',
    'v1 NodeProxyOptions',
    'v1 PersistentVolume',
  ].map(s => s.toLowerCase()),
);

/** Namespaced kinds of the same schema: Kustomize knows their merge keys. */
const KNOWN_NAMESPACED = new Set(
  [
    'apps/v1 ControllerRevision',
    'apps/v1 DaemonSet',
    'apps/v1 Deployment',
    'apps/v1 ReplicaSet',
    'apps/v1 StatefulSet',
    'autoscaling/v1 HorizontalPodAutoscaler',
    'autoscaling/v1 Scale',
    'autoscaling/v2beta1 HorizontalPodAutoscaler',
    'autoscaling/v2beta2 HorizontalPodAutoscaler',
    'batch/v1 CronJob',
    'batch/v1 Job',
    'batch/v1beta1 CronJob',
    'coordination.k8s.io/v1 Lease',
    'coordination.k8s.io/v1beta1 Lease',
    'discovery.k8s.io/v1 EndpointSlice',
    'discovery.k8s.io/v1beta1 EndpointSlice',
    'events.k8s.io/v1 Event',
    'events.k8s.io/v1beta1 Event',
    'extensions/v1beta1 Ingress',
    'networking.k8s.io/v1 Ingress',
    'networking.k8s.io/v1 NetworkPolicy',
    'networking.k8s.io/v1beta1 Ingress',
    'policy/v1 PodDisruptionBudget',
    'policy/v1beta1 PodDisruptionBudget',
    'rbac.authorization.k8s.io/v1 Role',
    'rbac.authorization.k8s.io/v1 RoleBinding',
    'rbac.authorization.k8s.io/v1beta1 Role',
    'rbac.authorization.k8s.io/v1beta1 RoleBinding',
    'storage.k8s.io/v1beta1 CSIStorageCapacity',
    'v1 ConfigMap',
    'v1 Endpoints',
    'v1 Event',
    'v1 LimitRange',
    'v1 PersistentVolumeClaim',
    'v1 Pod',
    'v1 PodAttachOptions',
    'v1 PodExecOptions',
    'v1 PodPortForwardOptions',
    'v1 PodProxyOptions',
    'v1 PodTemplate',
    'v1 ReplicationController',
    'v1 ResourceQuota',
    'v1 Secret',
    'v1 Service',
    'v1 ServiceAccount',
    'v1 ServiceProxyOptions',
  ].map(s => s.toLowerCase()),
);

const typeKey = (apiVersion: string, kind: string) =>
  `${apiVersion} ${kind}`.toLowerCase();

/* The table is case-sensitive in kyaml; lower-casing both sides is only
 * harmless because no two entries differ by case. */
const isClusterScoped = (apiVersion: string, kind: string) =>
  CLUSTER_SCOPED.has(typeKey(apiVersion, kind));

function parseGroupVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? ['', apiVersion]
    : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

function effectiveNamespace(id: ResId): string {
  if (id.clusterScoped) return NOT_NAMESPACEABLE;
  return id.namespace === '' || id.namespace === 'default'
    ? 'default'
    : id.namespace;
}

const idEquals = (a: ResId, b: ResId) =>
  effectiveNamespace(a) === effectiveNamespace(b) &&
  a.name === b.name &&
  a.group === b.group &&
  a.version === b.version &&
  a.kind === b.kind;

/** `Gvk.IsSelected`: every non-empty part of the selector must be equal. */
const gvkSelected = (gvk: Gvk, selector: Partial<Gvk>) =>
  (!selector.group || selector.group === gvk.group) &&
  (!selector.version || selector.version === gvk.version) &&
  (!selector.kind || selector.kind === gvk.kind);

/** Kustomize's id notation, e.g. `Deployment.v1.apps/web.prod`. */
function idString(id: ResId): string {
  return `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${
    id.group || '[noGrp]'
  }/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

// ---------------------------------------------------------------------------
// Resources with Kustomize's build bookkeeping (the build annotations)

interface PrevId {
  kind: string;
  name: string;
  namespace: string;
}

type Behavior = 'create' | 'merge' | 'replace' | 'unspecified';

interface Res {
  obj: Obj;
  /** Absolute, symlink-free path of the file the object came from. */
  file: string;
  /** Ids before each GVKN change (config.kubernetes.io/previousNames etc.). */
  prev: PrevId[];
  prefixes: string[];
  suffixes: string[];
  needsHash: boolean;
  behavior: Behavior;
}

const newRes = (obj: Obj, file: string): Res => ({
  obj,
  file,
  prev: [],
  prefixes: [],
  suffixes: [],
  needsHash: false,
  behavior: 'unspecified',
});

function curId(r: Res): ResId {
  const apiVersion = getApiVersion(r.obj);
  const [group, version] = parseGroupVersion(apiVersion);
  const kind = getKind(r.obj);
  return {
    group,
    version,
    kind,
    name: getName(r.obj),
    namespace: getNamespace(r.obj),
    clusterScoped: isClusterScoped(apiVersion, kind),
  };
}

/** Previous ids take group and version from the current apiVersion, as kustomize does. */
function prevIds(r: Res): ResId[] {
  const [group, version] = parseGroupVersion(getApiVersion(r.obj));
  return r.prev.map(p => ({ group, version, ...p, clusterScoped: false }));
}

const orgId = (r: Res): ResId => prevIds(r)[0] ?? curId(r);

const anyIds = (r: Res) => [...prevIds(r), curId(r)];

function storePreviousId(r: Res) {
  const id = curId(r);
  r.prev.push({
    kind: id.kind,
    name: id.name,
    namespace: effectiveNamespace(id),
  });
}

// ---------------------------------------------------------------------------
// Paths and load restrictions

interface Ctx {
  repoRoot?: string;
}

function display(ctx: Ctx, p: string): string {
  if (!ctx.repoRoot) return p;
  return path.relative(ctx.repoRoot, p) || '.';
}

const isWithin = (p: string, dir: string) =>
  p === dir || dir === path.sep || p.startsWith(dir + path.sep);

/** Remote targets (git repositories, URLs) that kustomize would fetch. */
function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git@/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com)\//.test(
      ref,
    ) ||
    /\?(ref|version|timeout|submodules)=/.test(ref)
  );
}

class Loader {
  constructor(
    readonly ctx: Ctx,
    /** Symlink-free directory of the kustomization. */
    readonly root: string,
    /** The kustomization file, for errors. */
    readonly kfile: string,
  ) {}

  fail(reason: string): never {
    throw new KustomizeError(display(this.ctx, this.kfile), reason);
  }

  show(p: string) {
    return display(this.ctx, p);
  }

  /** Resolves a relative reference; checks existence and the repo root. */
  resolve(ref: string, what: string): string {
    if (isRemote(ref)) {
      this.fail(`${what} "${ref}" is remote; remote targets are not supported`);
    }
    if (path.isAbsolute(ref)) {
      this.fail(
        `${what} "${ref}" is an absolute path; only relative paths are allowed`,
      );
    }
    const joined = path.resolve(this.root, ref);
    let real: string;
    try {
      real = fs.realpathSync(joined);
    } catch {
      return this.fail(`${what} "${ref}" not found (${this.show(joined)})`);
    }
    if (this.ctx.repoRoot && !isWithin(real, this.ctx.repoRoot)) {
      this.fail(
        `${what} "${ref}" resolves to ${real}, outside the repository root`,
      );
    }
    return real;
  }

  /** A file for a patch, generator or resource: must be inside the root (LoadRestrictionsRootOnly). */
  file(ref: string, what: string): string {
    const real = this.resolve(ref, what);
    if (!fs.statSync(real).isFile()) {
      this.fail(`${what} "${ref}" must resolve to a file`);
    }
    if (!isWithin(path.dirname(real), this.root)) {
      this.fail(
        `security; ${what} "${ref}" resolves to ${this.show(
          real,
        )}, which is not in or below ${this.show(
          this.root,
        )} (kustomize's default load restrictor, LoadRestrictionsRootOnly)`,
      );
    }
    return real;
  }

  read(ref: string, what: string): { real: string; content: Buffer } {
    const real = this.file(ref, what);
    return { real, content: fs.readFileSync(real) };
  }
}

// ---------------------------------------------------------------------------
// The kustomization file

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

interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

interface PatchSpec {
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

interface ImageSpec {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

interface GeneratorArgs {
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

interface Kustomization {
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

function loadKustomization(ctx: Ctx, dir: string): LoadedKustomization {
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

// ---------------------------------------------------------------------------
// Reading resources

/** kyaml reads resources with go-yaml v3: YAML 1.2 with merge keys. */
function parseResourceDocs(text: string, where: string, ctx: Ctx): unknown[] {
  const docs = parseAllDocuments(text, { merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map(d => {
    if (d.errors.length > 0) {
      throw new KustomizeError(
        display(ctx, where),
        `invalid YAML: ${d.errors[0].message}`,
      );
    }
    return d.toJS() as unknown;
  });
}

function validateResource(obj: unknown, fail: (reason: string) => never): Obj {
  if (!isMap(obj)) return fail('a resource must be a YAML map');
  for (const f of ['apiVersion', 'kind'] as const) {
    if (obj[f] !== undefined && typeof obj[f] !== 'string') {
      fail(`${f} must be a string`);
    }
  }
  const kind = getKind(obj);
  if (!kind)
    fail(`missing kind in object ${JSON.stringify(obj.metadata ?? {})}`);
  if (obj.metadata !== undefined && !isMap(obj.metadata)) {
    fail(`metadata of a ${kind} must be a map`);
  }
  const meta = isMap(obj.metadata) ? obj.metadata : {};
  for (const f of ['name', 'namespace'] as const) {
    if (
      meta[f] !== undefined &&
      meta[f] !== null &&
      typeof meta[f] !== 'string'
    ) {
      fail(`metadata.${f} of a ${kind} must be a string`);
    }
  }
  if (!kind.endsWith('List') && !getName(obj)) {
    fail(`missing metadata.name in a ${kind}`);
  }
  return obj;
}

/** Documents → resources: empty documents dropped, `*List` kinds with items inlined. */
function objectsFromText(text: string, file: string, ctx: Ctx): Obj[] {
  const fail = (reason: string): never => {
    throw new KustomizeError(display(ctx, file), reason);
  };
  const queue = parseResourceDocs(text, file, ctx).filter(
    d => d !== null && d !== undefined && !isEmptyMap(d),
  );
  const out: Obj[] = [];
  while (queue.length > 0) {
    const obj = validateResource(queue.shift(), fail);
    if (!getKind(obj).endsWith('List') || !('items' in obj)) {
      out.push(obj);
      continue;
    }
    const items = obj.items;
    if (items === null) continue;
    if (!Array.isArray(items)) {
      fail(`expected a list in ${getKind(obj)}/items`);
    }
    queue.push(
      ...(items as unknown[]).filter(i => i !== null && !isEmptyMap(i)),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------
// Field specs (api/filters/fieldspec)

interface FieldSpec extends Partial<Gvk> {
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

type Holder = Obj | unknown[];
type Setter = (holder: Holder, key: string | number) => void;

class FieldSpecError extends Error {}

/**
 * Visits the field(s) a field spec names, walking into every element of
 * lists on the way and creating missing fields when the spec says
 * `create` and the caller gives a node kind to create.
 */
function applyFieldSpec(
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

function mapSetter(entries: Record<string, string>): Setter {
  return (holder, key) => {
    const target = (holder as Obj)[key as string];
    if (target === null || target === undefined) return;
    if (!isMap(target))
      throw new FieldSpecError('expected a map to set entries in');
    for (const k of Object.keys(entries).sort(byteCompare))
      target[k] = entries[k];
  };
}

function scalarSetter(value: (old: unknown) => string): Setter {
  return (holder, key) => {
    const h = holder as Obj;
    const old = h[key as string];
    if (typeof old === 'object' && old !== null) {
      throw new FieldSpecError('expected a scalar field');
    }
    h[key as string] = value(old);
  };
}

const fs_ = (
  p: string,
  create: boolean,
  gvk: Partial<Gvk> = {},
): FieldSpec => ({ path: p, create, ...gvk });

// builtinpluginconsts/metadatalabels.go
const METADATA_LABEL_SPECS: FieldSpec[] = [
  fs_('metadata/labels', true),
  fs_('spec/template/metadata/labels', true, {
    version: 'v1',
    kind: 'ReplicationController',
  }),
  fs_('spec/template/metadata/labels', true, { kind: 'Deployment' }),
  fs_('spec/template/metadata/labels', true, { kind: 'ReplicaSet' }),
  fs_('spec/template/metadata/labels', true, { kind: 'DaemonSet' }),
  fs_('spec/template/metadata/labels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  fs_('spec/volumeClaimTemplates[]/metadata/labels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  fs_('spec/template/metadata/labels', true, { group: 'batch', kind: 'Job' }),
  fs_('spec/jobTemplate/metadata/labels', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/jobTemplate/spec/template/metadata/labels', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

// builtinpluginconsts/commonlabels.go (selectors, then the metadata specs)
const COMMON_LABEL_SPECS: FieldSpec[] = [
  fs_('spec/selector', true, { version: 'v1', kind: 'Service' }),
  fs_('spec/selector', true, { version: 'v1', kind: 'ReplicationController' }),
  fs_('spec/selector/matchLabels', true, { kind: 'Deployment' }),
  ...AFFINITY_SELECTORS.map(p =>
    fs_(p, false, { group: 'apps', kind: 'Deployment' }),
  ),
  fs_('spec/selector/matchLabels', true, { kind: 'ReplicaSet' }),
  fs_('spec/selector/matchLabels', true, { kind: 'DaemonSet' }),
  fs_('spec/selector/matchLabels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  ...AFFINITY_SELECTORS.map(p =>
    fs_(p, false, { group: 'apps', kind: 'StatefulSet' }),
  ),
  fs_('spec/selector/matchLabels', false, { group: 'batch', kind: 'Job' }),
  fs_('spec/jobTemplate/spec/selector/matchLabels', false, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/selector/matchLabels', false, {
    group: 'policy',
    kind: 'PodDisruptionBudget',
  }),
  fs_('spec/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  fs_('spec/ingress/from/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  fs_('spec/egress/to/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  ...METADATA_LABEL_SPECS,
];

// builtinpluginconsts/commonannotations.go
const COMMON_ANNOTATION_SPECS: FieldSpec[] = [
  fs_('metadata/annotations', true),
  fs_('spec/template/metadata/annotations', true, {
    version: 'v1',
    kind: 'ReplicationController',
  }),
  fs_('spec/template/metadata/annotations', true, { kind: 'Deployment' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'ReplicaSet' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'DaemonSet' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'StatefulSet' }),
  fs_('spec/template/metadata/annotations', true, {
    group: 'batch',
    kind: 'Job',
  }),
  fs_('spec/jobTemplate/metadata/annotations', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/jobTemplate/spec/template/metadata/annotations', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
];

// builtinpluginconsts/images.go (applied after the legacy containers walk)
const IMAGE_SPECS: FieldSpec[] = [
  'spec/containers[]/image',
  'spec/initContainers[]/image',
  'spec/volumes[]/image/reference',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
].map(p => fs_(p, true));

// builtinpluginconsts/replicas.go
const REPLICA_KINDS = [
  'Deployment',
  'ReplicationController',
  'ReplicaSet',
  'StatefulSet',
];

// builtinpluginconsts/namereference.go
interface BackRef {
  target: Partial<Gvk>;
  referrers: FieldSpec[];
}

const POD_SPEC_PATHS: Array<[string, string]> = [
  ['Pod', 'spec'],
  ['PodTemplate', 'template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicaSet', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
];

const WORKLOAD_PATHS: Array<[string, string]> = [
  ['Pod', 'spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicationController', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
];

function podRefs(
  kinds: Array<[string, string]>,
  suffixes: string[],
  podVersion?: string,
): FieldSpec[] {
  return kinds.flatMap(([kind, prefix]) =>
    suffixes.map(s => ({
      path: `${prefix}/${s}`,
      kind,
      ...(kind === 'Pod' && podVersion ? { version: podVersion } : {}),
    })),
  );
}

const refSpec = (p: string, kind: string, group?: string): FieldSpec => ({
  path: p,
  kind,
  ...(group ? { group } : {}),
});

const BACK_REFS: BackRef[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map(
    kind => ({
      target: { kind },
      referrers: [
        refSpec('spec/scaleTargetRef/name', 'HorizontalPodAutoscaler'),
      ],
    }),
  ),
  {
    target: { version: 'v1', kind: 'ConfigMap' },
    referrers: [
      ...podRefs(
        POD_SPEC_PATHS,
        [
          'volumes/configMap/name',
          'containers/env/valueFrom/configMapKeyRef/name',
          'initContainers/env/valueFrom/configMapKeyRef/name',
          'containers/envFrom/configMapRef/name',
          'initContainers/envFrom/configMapRef/name',
          'volumes/projected/sources/configMap/name',
        ],
        'v1',
      ),
      refSpec('spec/configSource/configMap', 'Node'),
      refSpec('rules/resourceNames', 'Role'),
      refSpec('rules/resourceNames', 'ClusterRole'),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap',
        'Ingress',
      ),
    ],
  },
  {
    target: { version: 'v1', kind: 'Secret' },
    referrers: [
      ...podRefs(
        POD_SPEC_PATHS,
        [
          'volumes/secret/secretName',
          'containers/env/valueFrom/secretKeyRef/name',
          'initContainers/env/valueFrom/secretKeyRef/name',
          'containers/envFrom/secretRef/name',
          'initContainers/envFrom/secretRef/name',
          'imagePullSecrets/name',
          'volumes/projected/sources/secret/name',
        ],
        'v1',
      ),
      refSpec('spec/tls/secretName', 'Ingress'),
      refSpec(
        'metadata/annotations/ingress.kubernetes.io\\/auth-secret',
        'Ingress',
      ),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret',
        'Ingress',
      ),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret',
        'Ingress',
      ),
      refSpec('imagePullSecrets/name', 'ServiceAccount'),
      refSpec('parameters/secretName', 'StorageClass'),
      refSpec('parameters/adminSecretName', 'StorageClass'),
      refSpec('parameters/userSecretName', 'StorageClass'),
      refSpec('parameters/secretRef', 'StorageClass'),
      refSpec('rules/resourceNames', 'Role'),
      refSpec('rules/resourceNames', 'ClusterRole'),
      {
        path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name',
        kind: 'Service',
        group: 'serving.knative.dev',
        version: 'v1',
      },
      refSpec('spec/azureFile/secretName', 'PersistentVolume'),
    ],
  },
  {
    target: { version: 'v1', kind: 'Service' },
    referrers: [
      refSpec('spec/serviceName', 'StatefulSet', 'apps'),
      refSpec('spec/rules/http/paths/backend/serviceName', 'Ingress'),
      refSpec('spec/backend/serviceName', 'Ingress'),
      refSpec('spec/rules/http/paths/backend/service/name', 'Ingress'),
      refSpec('spec/defaultBackend/service/name', 'Ingress'),
      refSpec('spec/service/name', 'APIService', 'apiregistration.k8s.io'),
      refSpec(
        'webhooks/clientConfig/service',
        'ValidatingWebhookConfiguration',
        'admissionregistration.k8s.io',
      ),
      refSpec(
        'webhooks/clientConfig/service',
        'MutatingWebhookConfiguration',
        'admissionregistration.k8s.io',
      ),
    ],
  },
  {
    target: { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    referrers: [
      refSpec('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'),
    ],
  },
  {
    target: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    referrers: [
      refSpec('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'),
      refSpec(
        'roleRef/name',
        'ClusterRoleBinding',
        'rbac.authorization.k8s.io',
      ),
    ],
  },
  {
    target: { version: 'v1', kind: 'ServiceAccount' },
    referrers: [
      refSpec('subjects', 'RoleBinding', 'rbac.authorization.k8s.io'),
      refSpec('subjects', 'ClusterRoleBinding', 'rbac.authorization.k8s.io'),
      ...podRefs(WORKLOAD_PATHS, ['serviceAccountName']),
    ],
  },
  {
    target: { version: 'v1', kind: 'PersistentVolumeClaim' },
    referrers: podRefs(WORKLOAD_PATHS, [
      'volumes/persistentVolumeClaim/claimName',
    ]),
  },
  {
    target: { version: 'v1', kind: 'PersistentVolume' },
    referrers: [
      refSpec('spec/volumeName', 'PersistentVolumeClaim'),
      refSpec('rules/resourceNames', 'ClusterRole'),
    ],
  },
  {
    target: { version: 'v1', group: 'storage.k8s.io', kind: 'StorageClass' },
    referrers: [
      refSpec('spec/storageClassName', 'PersistentVolume'),
      refSpec('spec/storageClassName', 'PersistentVolumeClaim'),
      refSpec('spec/volumeClaimTemplates/spec/storageClassName', 'StatefulSet'),
    ],
  },
  {
    target: {
      version: 'v1',
      group: 'scheduling.k8s.io',
      kind: 'PriorityClass',
    },
    referrers: podRefs(WORKLOAD_PATHS, ['priorityClassName']),
  },
  {
    // Kustomize's table really says group "networking.k8s.io/v1", which
    // matches nothing: IngressClass references are never updated.
    target: {
      version: 'v1',
      group: 'networking.k8s.io/v1',
      kind: 'IngressClass',
    },
    referrers: [refSpec('spec/ingressClassName', 'Ingress')],
  },
  {
    target: {
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingAdmissionPolicy',
    },
    referrers: [
      refSpec(
        'spec/policyName',
        'ValidatingAdmissionPolicyBinding',
        'admissionregistration.k8s.io',
      ),
    ],
  },
];

// ---------------------------------------------------------------------------
// Strategic merge (kyaml/yaml/merge2 with ListIncreaseDirection=Prepend)

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

class MergeError extends Error {}

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
function applyStrategicMerge(
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

// ---------------------------------------------------------------------------
// JSON patches (evanphx/json-patch v4, as kustomize uses it)

class JsonPatchError extends Error {}

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

function applyJsonPatch(docIn: Obj, ops: unknown[]): Obj {
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

// ---------------------------------------------------------------------------
// Selectors (patch targets)

interface Requirement {
  key: string;
  op: 'exists' | '!' | '=' | '!=' | 'in' | 'notin';
  values: string[];
}

function parseLabelSelector(selector: string): Requirement[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  const key = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  const value = '([-A-Za-z0-9_.]*)';
  return terms
    .map(t => t.trim())
    .filter(t => t !== '' || selector.trim() !== '')
    .map(t => {
      let m = new RegExp(`^!\\s*${key}$`).exec(t);
      if (m) return { key: m[1], op: '!' as const, values: [] };
      m = new RegExp(`^${key}\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(t);
      if (m) {
        return {
          key: m[1],
          op: m[2] as 'in' | 'notin',
          values: m[3].split(',').map(v => v.trim()),
        };
      }
      m = new RegExp(`^${key}\\s*(==|=|!=)\\s*${value}$`).exec(t);
      if (m) {
        return {
          key: m[1],
          op: m[2] === '!=' ? ('!=' as const) : ('=' as const),
          values: [m[3]],
        };
      }
      m = new RegExp(`^${key}$`).exec(t);
      if (m) return { key: m[1], op: 'exists' as const, values: [] };
      throw new Error(`invalid selector "${selector}"`);
    });
}

function selectorMatches(selector: string | undefined, labels: Obj): boolean {
  if (!selector || selector.trim() === '') return true;
  return parseLabelSelector(selector).every(req => {
    const has = req.key in labels;
    const v = scalarText(labels[req.key]);
    switch (req.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
        return has && v === req.values[0];
      case '!=':
        return !has || v !== req.values[0];
      case 'in':
        return has && req.values.includes(v);
      default:
        return !has || !req.values.includes(v);
    }
  });
}

/** resWrangler.Select: regexes anchored, names/namespaces matched on original or current id. */
function selectResources(ra: Res[], target: Selector): Res[] {
  const rx = (p?: string) => (p ? new RegExp(`^(?:${p})$`) : undefined);
  const group = rx(target.group);
  const version = rx(target.version);
  const kind = rx(target.kind);
  const name = rx(target.name);
  const namespace = rx(target.namespace);
  return ra.filter(r => {
    const cur = curId(r);
    const org = orgId(r);
    if (
      namespace &&
      !namespace.test(effectiveNamespace(org)) &&
      !namespace.test(effectiveNamespace(cur))
    ) {
      return false;
    }
    if (name && !name.test(org.name) && !name.test(cur.name)) return false;
    if (group && !group.test(cur.group)) return false;
    if (version && !version.test(cur.version)) return false;
    if (kind && !kind.test(cur.kind)) return false;
    return (
      selectorMatches(target.labelSelector, stringMap(r.obj, 'labels')) &&
      selectorMatches(
        target.annotationSelector,
        stringMap(r.obj, 'annotations'),
      )
    );
  });
}

// ---------------------------------------------------------------------------
// Generators and the name hash

/** api/hasher: sha256 of Go's JSON encoding, first 10 hex digits, some letters swapped. */
function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    let out = '"';
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (
        c < 0x20 ||
        ch === '<' ||
        ch === '>' ||
        ch === '&' ||
        c === 0x2028 ||
        c === 0x2029
      ) {
        out += `\\u${c.toString(16).padStart(4, '0')}`;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        out += '\\ufffd';
      } else {
        out += ch;
      }
    }
    return `${out}"`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .sort(byteCompare)
      .map(k => `${goJson(k)}:${goJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function encodeHash(json: string): string {
  const hex = crypto.createHash('sha256').update(json).digest('hex');
  const swap: Record<string, string> = {
    '0': 'g',
    '1': 'h',
    '3': 'k',
    a: 'm',
    e: 't',
  };
  return [...hex.slice(0, 10)].map(c => swap[c] ?? c).join('');
}

/**
 * The content hash kustomize appends to generated ConfigMap and Secret
 * names (api/hasher). The Go code looks the name up with
 * `yaml.Lookup("metadata/name")`, i.e. as one key that never exists, so
 * the name always enters the hash as "": only kind, data and binaryData
 * (ConfigMap) or kind, type, data and stringData (Secret) count. The
 * hashes in kustomize's own tests (e.g. bob-79t79mt227 in
 * TestGeneratorIntVsStringNoMerge) only come out this way.
 */
export function kustomizeHash(obj: Record<string, unknown>): string {
  const value = (v: unknown) => (v === undefined || v === null ? '' : v);
  const kind = getKind(obj);
  if (kind === 'ConfigMap') {
    const m: Obj = { kind, name: '', data: value(obj.data) };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return encodeHash(goJson(m));
  }
  if (kind === 'Secret') {
    const m: Obj = {
      kind,
      type: value(obj.type),
      name: '',
      data: value(obj.data),
    };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return encodeHash(goJson(m));
  }
  return encodeHash(goJson(obj));
}

/** kyaml's encodeBase64: lines of 70, each ending in a newline once the text reaches 70. */
function base64Wrapped(data: Buffer): string {
  const enc = data.toString('base64');
  if (enc.length < 70) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

function parseEnvFile(content: Buffer, fail: (reason: string) => never) {
  const pairs: Array<[string, Buffer]> = [];
  const lines = content.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((lineLatin1, n) => {
    let line = Buffer.from(lineLatin1.replace(/\r$/, ''), 'latin1');
    if (!isUtf8(line)) fail(`line ${n + 1} of an env file has invalid UTF-8`);
    if (
      n === 0 &&
      line.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))
    ) {
      line = line.subarray(3);
    }
    const text = line.toString('utf8').replace(/^\s+/u, '');
    if (text === '' || text.startsWith('#')) return;
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const val = eq < 0 ? '' : text.slice(eq + 1);
    if (key) pairs.push([key, Buffer.from(val, 'utf8')]);
  });
  return pairs;
}

function generate(
  args: GeneratorArgs,
  kind: 'ConfigMap' | 'Secret',
  global: GeneratorOptions | undefined,
  loader: Loader,
  where: string,
): Res {
  const fail = (reason: string): never => loader.fail(`${where}: ${reason}`);
  if (!args.name) fail(`a ${kind.toLowerCase()} must have a name`);
  // MergeGlobalOptionsIntoLocal: local wins for labels and annotations.
  const options: GeneratorOptions = { ...(args.options ?? {}) };
  if (global) {
    options.labels = { ...(global.labels ?? {}), ...(options.labels ?? {}) };
    options.annotations = {
      ...(global.annotations ?? {}),
      ...(options.annotations ?? {}),
    };
    options.disableNameSuffixHash =
      !!options.disableNameSuffixHash || !!global.disableNameSuffixHash;
    options.immutable = !!options.immutable || !!global.immutable;
  }

  // kv.Load: envs, then literals, then files.
  const pairs: Array<[string, Buffer]> = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const env of envs) {
    pairs.push(...parseEnvFile(loader.read(env, 'env file').content, fail));
  }
  for (const literal of args.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq <= 0) fail(`invalid literal source ${literal}, expected key=value`);
    pairs.push([
      literal.slice(0, eq),
      Buffer.from(removeQuotes(literal.slice(eq + 1)), 'utf8'),
    ]);
  }
  for (const source of args.files ?? []) {
    const separators = source.split('=').length - 1;
    let key: string;
    let file: string;
    if (separators === 0) {
      key = path.posix.basename(source);
      file = source;
    } else if (separators === 1 && source.startsWith('=')) {
      return fail(
        `missing key name for file path "${source.slice(
          1,
        )}" in source "${source}"`,
      );
    } else if (separators === 1 && source.endsWith('=')) {
      return fail(
        `missing file path for key name "${source.slice(
          0,
          -1,
        )}" in source "${source}"`,
      );
    } else if (separators > 1) {
      return fail(`source "${source}" key name or file path contains '='`);
    } else {
      [key, file] = source.split('=');
    }
    pairs.push([key, loader.read(file, 'file').content]);
  }
  const data = new Map<string, Buffer>();
  for (const [key, value] of pairs) {
    if (data.has(key)) {
      fail(`configmap ${args.name} illegally repeats the key \`${key}\``);
    }
    data.set(key, value);
  }

  const metadata: Obj = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  if (options.labels && Object.keys(options.labels).length > 0) {
    metadata.labels = { ...options.labels };
  }
  if (options.annotations && Object.keys(options.annotations).length > 0) {
    metadata.annotations = { ...options.annotations };
  }
  const obj: Obj = { apiVersion: 'v1', kind, metadata };
  const keys = [...data.keys()].sort(byteCompare);
  if (kind === 'Secret') {
    obj.type = args.type || 'Opaque';
    obj.data = Object.fromEntries(
      keys.map(k => [k, base64Wrapped(data.get(k)!)]),
    );
  } else {
    for (const k of keys) {
      const v = data.get(k)!;
      const field = isUtf8(v) ? 'data' : 'binaryData';
      if (!isMap(obj[field])) obj[field] = {};
      (obj[field] as Obj)[k] =
        field === 'data' ? v.toString('utf8') : base64Wrapped(v);
    }
  }
  if (options.immutable) obj.immutable = true;

  const r = newRes(obj, loader.kfile);
  r.needsHash = !options.disableNameSuffixHash;
  const behavior = args.behavior ?? '';
  r.behavior = ['create', 'merge', 'replace'].includes(behavior)
    ? (behavior as Behavior)
    : 'unspecified';
  return r;
}

// ---------------------------------------------------------------------------
// The accumulator

class Accumulator {
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

// ---------------------------------------------------------------------------
// Transformers

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

function transformPatches(ra: Accumulator, k: Kustomization, loader: Loader) {
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

const isRoleBinding = (kind: string) =>
  kind === 'RoleBinding' || kind === 'ClusterRoleBinding';

function transformNamespace(
  ra: Accumulator,
  ns: string | undefined,
  loader: Loader,
) {
  if (!ns) return;
  for (const r of ra.list) {
    storePreviousId(r);
    const apiVersion = getApiVersion(r.obj);
    const kind = getKind(r.obj);
    if (!isClusterScoped(apiVersion, kind)) metadataOf(r.obj).namespace = ns;
    // roleBindingHack, mode defaultOnly: only subjects named "default"
    if (isRoleBinding(kind) && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) {
        if (isMap(s) && s.name === 'default') s.namespace = ns;
      }
    }
    const set = scalarSetter(() => ns);
    if (apiVersion === 'v1') {
      applyFieldSpec(
        r.obj,
        fs_('metadata/name', true, { kind: 'Namespace' }),
        set,
        'scalar',
      );
    }
    applyFieldSpec(
      r.obj,
      fs_('spec/service/namespace', true, {
        group: 'apiregistration.k8s.io',
        kind: 'APIService',
      }),
      set,
      'scalar',
    );
    applyFieldSpec(
      r.obj,
      fs_('spec/conversion/webhook/clientConfig/service/namespace', false, {
        group: 'apiextensions.k8s.io',
        kind: 'CustomResourceDefinition',
      }),
      set,
      'scalar',
    );
    const id = curId(r);
    const same = ra.list.filter(x => idEquals(curId(x), id));
    if (same.length !== 1) {
      loader.fail(
        `namespace transformation produces ID conflict: ${idString(
          id,
        )} (from ${same.map(x => loader.show(x.file)).join(' and ')})`,
      );
    }
  }
}

function transformNamePrefixSuffix(
  ra: Accumulator,
  affix: string | undefined,
  which: 'prefix' | 'suffix',
) {
  if (!affix) return;
  for (const r of ra.list) {
    const org = orgId(r);
    const skip =
      org.kind === 'CustomResourceDefinition' ||
      org.kind === 'Namespace' ||
      (org.kind === 'APIService' && org.group === 'apiregistration.k8s.io');
    if (skip) continue;
    if (which === 'prefix') r.prefixes.push(affix);
    else r.suffixes.push(affix);
    storePreviousId(r);
    applyFieldSpec(
      r.obj,
      fs_('metadata/name', false),
      scalarSetter(old =>
        which === 'prefix'
          ? `${affix}${scalarText(old)}`
          : `${scalarText(old)}${affix}`,
      ),
    );
  }
}

function mergeSpecs(...lists: FieldSpec[][]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const s of lists.flat()) {
    const dup = out.some(
      x =>
        x.path === s.path &&
        gvkSelected(
          {
            group: x.group ?? '',
            version: x.version ?? '',
            kind: x.kind ?? '',
          },
          s,
        ),
    );
    if (!dup) out.push(s);
  }
  return out;
}

function applyMap(
  ra: Accumulator,
  entries: Record<string, string> | undefined,
  specs: FieldSpec[],
) {
  if (!entries || Object.keys(entries).length === 0) return;
  for (const r of ra.list) {
    for (const spec of specs)
      applyFieldSpec(r.obj, spec, mapSetter(entries), 'map');
  }
}

function transformLabels(ra: Accumulator, k: Kustomization) {
  for (const label of k.labels ?? []) {
    let specs: FieldSpec[];
    if (label.includeSelectors) specs = mergeSpecs(COMMON_LABEL_SPECS);
    else if (label.includeTemplates) {
      specs = mergeSpecs(METADATA_LABEL_SPECS, [fs_('metadata/labels', true)]);
    } else specs = [fs_('metadata/labels', true)];
    applyMap(ra, label.pairs, specs);
  }
  applyMap(ra, k.commonLabels, COMMON_LABEL_SPECS);
}

function transformAnnotations(
  ra: Accumulator,
  annotations: Record<string, string> | undefined,
) {
  applyMap(ra, annotations, COMMON_ANNOTATION_SPECS);
}

function transformReplicas(ra: Accumulator, k: Kustomization, loader: Loader) {
  for (const replica of k.replicas ?? []) {
    const count = String(replica.count ?? 0);
    let found = false;
    for (const kind of REPLICA_KINDS) {
      for (const r of ra.list) {
        if (
          !anyIds(r).some(
            id => id.name === (replica.name ?? '') && id.kind === kind,
          )
        ) {
          continue;
        }
        found = true;
        applyFieldSpec(
          r.obj,
          fs_('spec/replicas', true, { kind }),
          (holder, key) => {
            (holder as Obj)[key as string] = Number(count);
          },
          'scalar',
        );
      }
    }
    if (!found) {
      loader.fail(
        `replicas: resource with name ${
          replica.name
        } does not match a config with the following GVK [${REPLICA_KINDS.map(
          kind => `${kind}.[noVer].[noGrp]`,
        ).join(' ')}]`,
      );
    }
  }
}

/** api/internal/image: split into name, tag and digest, ignoring a registry port. */
function splitImage(image: string): [string, string, string] {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return [image, '', ''];
  if (at >= 0 && (at < colon || colon < 0)) {
    return [image.slice(0, at + offset), '', image.slice(at + offset + 1)];
  }
  if (at >= 0 && colon >= 0) {
    return [
      image.slice(0, colon + offset),
      image.slice(colon + offset + 1, at + offset),
      image.slice(at + offset + 1),
    ];
  }
  return [image.slice(0, colon + offset), image.slice(colon + offset + 1), ''];
}

function imageUpdater(
  spec: ImageSpec,
  loader: Loader,
): (image: string) => string {
  let pattern: RegExp;
  try {
    // The name is used as a regular expression, unescaped, as kustomize does.
    pattern = new RegExp(
      `^${spec.name ?? ''}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`,
    );
  } catch {
    return loader.fail(`images: invalid image name "${spec.name}"`);
  }
  return image => {
    if (!pattern.test(image)) return image;
    let [name, tag, digest] = splitImage(image);
    if (spec.newName) name = spec.newName;
    if (spec.newTag && spec.digest) {
      tag = spec.newTag;
      digest = spec.digest;
    } else if (spec.newTag) {
      tag = spec.newTag;
      digest = '';
    } else if (spec.digest) {
      tag = '';
      digest = spec.digest;
    } else if (spec.tagSuffix) {
      tag += spec.tagSuffix;
      digest = '';
    }
    if (tag) name += `:${tag}`;
    if (digest) name += `@${digest}`;
    return name;
  };
}

/** imagetag.LegacyFilter: the images of every `containers`/`initContainers` list, anywhere. */
function legacyImageWalk(node: unknown, setImage: Setter): void {
  if (Array.isArray(node)) {
    for (const el of node) legacyImageWalk(el, setImage);
    return;
  }
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    legacyImageWalk(value, setImage);
    if (
      (key === 'containers' || key === 'initContainers') &&
      Array.isArray(value)
    ) {
      for (const c of value) if (isMap(c) && 'image' in c) setImage(c, 'image');
    }
  }
}

function transformImages(
  ra: Accumulator,
  images: ImageSpec[] | undefined,
  loader: Loader,
) {
  for (const spec of images ?? []) {
    const update = imageUpdater(spec, loader);
    const setImage: Setter = (holder, key) => {
      const h = holder as Obj;
      const v = h[key as string];
      if (v === undefined || v === null) return;
      if (typeof v === 'object')
        throw new FieldSpecError('an image must be a scalar');
      h[key as string] = update(scalarText(v));
    };
    for (const r of ra.list) {
      if (getKind(r.obj) === 'CustomResourceDefinition') continue;
      legacyImageWalk(r.obj, setImage);
      for (const fspec of IMAGE_SPECS) applyFieldSpec(r.obj, fspec, setImage);
    }
  }
}

// ---------------------------------------------------------------------------
// Name references (api/filters/nameref), once at the top level

function sameEndingSubSlice(aIn: string[], bIn: string[]): boolean {
  const [shortest, longest] = aIn.length > bIn.length ? [bIn, aIn] : [aIn, bIn];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  return shortest.every((s, i) => longest[i + diff] === s);
}

function prefixSuffixEquals(r: Res, o: Res, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const prefixes =
      r.prefixes.length === 0 ||
      o.prefixes.length === 0 ||
      sameEndingSubSlice(r.prefixes, o.prefixes);
    const suffixes =
      r.suffixes.length === 0 ||
      o.suffixes.length === 0 ||
      sameEndingSubSlice(r.suffixes, o.suffixes);
    return prefixes && suffixes;
  }
  return (
    sameEndingSubSlice(r.prefixes, o.prefixes) &&
    sameEndingSubSlice(r.suffixes, o.suffixes)
  );
}

function couldBeReferencedBy(referrer: Res, all: Res[]): Res[] {
  const refId = curId(referrer);
  if (refId.clusterScoped) return all;
  const bindingNamespaces = new Set<string>();
  if (
    getKind(referrer.obj) === 'RoleBinding' &&
    Array.isArray(referrer.obj.subjects)
  ) {
    for (const s of referrer.obj.subjects) {
      if (isMap(s) && 'namespace' in s && s.kind === 'ServiceAccount') {
        bindingNamespaces.add(scalarText(s.namespace));
      }
    }
  }
  return all.filter(t => {
    const id = curId(t);
    return (
      id.clusterScoped ||
      effectiveNamespace(id) === effectiveNamespace(refId) ||
      bindingNamespaces.has(getNamespace(t.obj))
    );
  });
}

function fixNameReferences(all: Res[], ctx: Ctx) {
  for (const referrer of all) {
    const candidates = couldBeReferencedBy(referrer, all);
    const org = orgId(referrer);
    const refCur = curId(referrer);
    const fail = (reason: string): never => {
      throw new KustomizeError(display(ctx, referrer.file), reason);
    };
    for (const backRef of BACK_REFS) {
      for (const spec of backRef.referrers) {
        if (!gvkSelected(org, spec)) continue;
        const select = (
          oldName: string,
          cands: Res[],
          identical: (rs: Res[]) => boolean,
        ): Res | undefined => {
          let c = cands.filter(x => prevIds(x).some(id => id.name === oldName));
          c = c.filter(x =>
            prevIds(x).some(id => gvkSelected(id, backRef.target)),
          );
          if (spec.path.endsWith('roleRef/name')) {
            const roleRef = referrer.obj.roleRef;
            if (
              isMap(roleRef) &&
              roleRef.apiGroup !== undefined &&
              roleRef.kind !== undefined
            ) {
              const gvk = {
                group: scalarText(roleRef.apiGroup),
                kind: scalarText(roleRef.kind),
              };
              c = c.filter(x => prevIds(x).some(id => gvkSelected(id, gvk)));
            }
          }
          if (!refCur.clusterScoped) {
            c = c.filter(x => {
              const id = curId(x);
              return (
                id.clusterScoped ||
                getKind(x.obj) === 'ServiceAccount' ||
                effectiveNamespace(id) === effectiveNamespace(refCur)
              );
            });
          }
          if (c.length === 1) return c[0];
          c = c.filter(x => prefixSuffixEquals(x, referrer, true));
          if (c.length > 1)
            c = c.filter(x => prefixSuffixEquals(x, referrer, false));
          if (c.length === 1) return c[0];
          if (c.length === 0) return undefined;
          if (identical(c)) return c[0];
          return fail(
            `found multiple possible referrals for "${oldName}" in ${
              spec.path
            }: ${c.map(x => idString(curId(x))).join(', ')}`,
          );
        };
        const setScalar = (holder: Holder, key: string | number) => {
          const h = holder as Obj;
          const old = scalarText(h[key as string]);
          const referral = select(old, candidates, rs =>
            rs.every(x => getName(x.obj) === getName(rs[0].obj)),
          );
          if (referral && getName(referral.obj) !== old)
            h[key as string] = getName(referral.obj);
        };
        const setMapping = (m: Obj) => {
          if (!('name' in m))
            fail(`path config error; no 'name' field in node at ${spec.path}`);
          let cands = candidates;
          if ('namespace' in m) {
            const ns = scalarText(m.namespace);
            const byOriginal = candidates.filter(x => {
              const e = effectiveNamespace(orgId(x));
              return e !== NOT_NAMESPACEABLE && e === ns;
            });
            cands =
              byOriginal.length > 0
                ? byOriginal
                : candidates.filter(x => {
                    const e = effectiveNamespace(curId(x));
                    return e !== NOT_NAMESPACEABLE && e === ns;
                  });
          }
          const old = scalarText(m.name);
          const referral = select(old, cands, rs =>
            rs.every(
              x =>
                getName(x.obj) === getName(rs[0].obj) &&
                getNamespace(x.obj) === getNamespace(rs[0].obj),
            ),
          );
          if (!referral) return;
          const name = getName(referral.obj);
          const ns = getNamespace(referral.obj);
          if (name === old && ns === '') return;
          m.name = name;
          if (ns !== '') m.namespace = ns;
        };
        applyFieldSpec(referrer.obj, { path: spec.path }, (holder, key) => {
          const v = (holder as Obj)[key as string];
          if (v === null || v === undefined) return;
          if (isMap(v)) {
            setMapping(v);
          } else if (Array.isArray(v)) {
            v.forEach((el, i) => {
              if (el === null || el === undefined) return;
              if (isMap(el)) setMapping(el);
              else if (Array.isArray(el))
                fail(`${spec.path}: expected a string or a map`);
              else setScalar(v, i);
            });
          } else {
            setScalar(holder, key);
          }
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Output order (SortOrderTransformer)

const LEGACY_ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LEGACY_ORDER_LAST = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

function legacySort(list: Res[], first: string[], last: string[]): Res[] {
  const order = new Map<string, number>();
  first.forEach((kind, i) => order.set(kind, -first.length + i));
  last.forEach((kind, i) => order.set(kind, 1 + i));
  const gvkString = (g: Gvk) =>
    `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
  const cmp = (a: string, b: string) => (a < b ? -1 : Number(a > b));
  return [...list].sort((ra, rb) => {
    const a = curId(ra);
    const b = curId(rb);
    if (a.group !== b.group || a.version !== b.version || a.kind !== b.kind) {
      const ia = order.get(a.kind) ?? 0;
      const ib = order.get(b.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (
        a.kind === 'Namespace' &&
        b.kind === 'Namespace' &&
        (a.group === '' || b.group === '')
      ) {
        return cmp(gvkString(b), gvkString(a));
      }
      return cmp(gvkString(a), gvkString(b));
    }
    const key = (id: ResId) =>
      `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${
        id.group || '[noGrp]'
      }|${id.namespace || '~X'}|${id.name || '~N'}`;
    return cmp(key(a), key(b));
  });
}

// ---------------------------------------------------------------------------
// Entry point

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
