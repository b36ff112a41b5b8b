import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CLUSTER_RESOURCE_TYPE,
  validateClusterSpec,
} from '@internal/plugin-platform-common';
import { PrometheusServiceLevel, specProblems } from '@internal/sloth-rules';
import { checkCompositions } from './compositions';
import { KustomizeError, renderKustomization } from './kustomize';
import {
  labelsOf,
  listFiles,
  Manifest,
  nameOf,
  parseYamlFile,
  relative,
  where,
} from './load';
import { refusals } from './kyverno/admission';
import { PolicyException } from './kyverno/exceptions';
import { generate, GeneratingPolicy } from './kyverno/evaluate';
import { CelPolicy, celPoliciesOf } from './kyverno/kyvernoTest';
import {
  checkPolicySet,
  isPolicyException,
  isPolicyTestFile,
} from './kyverno/policySet';
import { Problem, Problems } from './problems';
import { generatorFiles } from './applicationsets';
import { checkReferences, registeredClusters } from './references';
import { ClusterView, Placed } from './clusterView';
import { checkNetworkPolicyPorts } from './networkPolicies';
import { checkMonitors, checkOtlpEndpoints } from './telemetry';
import { checkGatewayAddresses, checkRoutes } from './routes';
import { checkTenantProjects } from './tenantProjects';
import { checkTenantScaffolding } from './tenantScaffolding';
import { checkObservability } from './observability';
import { collectors } from './collectors';
import { checkCodeowners } from './codeowners';
import { checkIdentities } from './identities';
import { checkThanosBuckets } from './thanosBuckets';
import { checkAlertRouting } from './alerting';
import { checkRollouts } from './rollouts';
import { checkMesh } from './mesh';
import { checkReleases } from './releases';
import { SchemaRegistry } from './schemas';

type Json = Record<string, any>;

export interface ValidateOptions {
  /** Paths in problems are relative to this (the monorepo root). */
  repoRoot: string;
  /** The infra repo; default `<repoRoot>/infra`. */
  infraDir?: string;
  /**
   * The cluster registry: a file or a folder of YAML files holding the
   * cluster Resources; default `<infraDir>/registry`.
   */
  registry?: string;
  /** "Today" for expiry checks (tests); default now. */
  today?: Date;
  /** The infra repo's clone URL as Argo CD sources name it. */
  infraRepoUrl?: string;
  /** Vendored schema directories; default this package's `schemas/`. */
  schemaDirs?: string[];
  /**
   * Kyverno policies to apply to what is rendered, besides those found
   * under `infraDir` (for checking a product repo against the infra repo's
   * policies).
   */
  policiesDir?: string;
  /**
   * The Namespace that rendered objects naming no namespace of their own
   * are applied into (Argo CD's destination), so namespace-scoped policies
   * (tenant, tier) judge them as the cluster would.
   */
  namespace?: Json;
  /**
   * Product repositories deployed into the tenants of this infra repo: the
   * Kustomize overlays under each are rendered and join the cross-checks
   * (their pods against the tenants' NetworkPolicies, monitors and OTLP
   * endpoints), not the other checks (a product repo is validated on its own).
   */
  productRepos?: string[];
}

export interface Report {
  problems: Problem[];
  counts: {
    files: number;
    manifests: number;
    overlays: number;
    renderedObjects: number;
    compositions: number;
    policyCases: number;
    /** Policies that applied to rendered objects (object × policy). */
    policyEvaluations: number;
  };
}

// The vendored schemas sit in this package's own directory, found through
// its package.json: it runs from source (tests, ./trinity infra) and inside
// the demo fleet's bundle (scripts/bundle.mjs), where __dirname is the
// bundle's directory.
const packageRoot = path.dirname(
  require.resolve('@internal/infra-validator/package.json'),
);
export const defaultSchemaDirs = [
  path.join(packageRoot, 'schemas'),
  path.join(packageRoot, 'schemas', 'providers'),
];
export const defaultInfraRepoUrl =
  'https://git.trinity.example/platform/infra.git';

const isKustomization = (f: string) =>
  ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(
    path.basename(f),
  );
// Helm values, chart metadata and Backstage descriptors (a product repo's
// services carry one): YAML, but not Kubernetes objects.
const isValuesFile = (rel: string) =>
  /(^|\/)catalog-info\.ya?ml$/.test(rel) ||
  /(^|\/)tenants\/[^/]+\/promotions\.ya?ml$/.test(rel) ||
  /(^|\/)values\//.test(rel) ||
  /(^|[/-])values\.ya?ml$/.test(rel) ||
  /(^|\/)Chart\.ya?ml$/.test(rel);

/**
 * Files named by kustomizations as patches (partial objects, checked once
 * rendered) or as a ConfigMap or Secret generator's files (data, not
 * objects).
 */
function patchFiles(kustomizations: string[]): Set<string> {
  const out = new Set<string>();
  for (const k of kustomizations) {
    let doc: Json;
    try {
      doc = parse(fs.readFileSync(k, 'utf8')) ?? {};
    } catch {
      continue;
    }
    const named = [
      ...((doc.patches ?? []) as Json[]).map(p => p?.path),
      ...((doc.patchesStrategicMerge ?? []) as unknown[]),
      ...[
        ...((doc.configMapGenerator ?? []) as Json[]),
        ...((doc.secretGenerator ?? []) as Json[]),
      ].flatMap(g =>
        ((g?.files ?? []) as unknown[]).map(f =>
          typeof f === 'string' ? f.replace(/^[^=]*=/, '') : f,
        ),
      ),
    ];
    for (const p of named) {
      if (typeof p === 'string') out.add(path.resolve(path.dirname(k), p));
    }
  }
  return out;
}

/**
 * The registry's cluster entries, each checked with the portal's own rules
 * (the catalog processor's `validateClusterSpec`) and named after its file.
 */
function readRegistry(
  repoRoot: string,
  registry: string,
  problems: Problems,
): Manifest[] {
  const rel = (f: string) => relative(repoRoot, f);
  const isDir = fs.existsSync(registry) && fs.statSync(registry).isDirectory();
  let files: string[] = [];
  if (isDir) files = listFiles(registry, ['.yaml', '.yml']);
  else if (fs.existsSync(registry)) files = [registry];
  const entries = files
    .flatMap(f => parseYamlFile(repoRoot, f, problems))
    .filter(
      m =>
        m.object.kind === 'Resource' &&
        (m.object.spec as Json)?.type === CLUSTER_RESOURCE_TYPE,
    );
  if (!entries.length) {
    problems.add(rel(registry), '', 'the cluster registry is missing or empty');
  }
  for (const m of entries) {
    const result = validateClusterSpec(m.object.spec);
    if (!result.ok) {
      for (const p of result.problems) {
        problems.add(m.file, where(m), `${p.field} ${p.message}`);
      }
    }
    const name = (m.object.metadata as Json)?.name;
    const base = path.basename(m.file).replace(/\.ya?ml$/, '');
    if (isDir && name !== base) {
      problems.add(
        m.file,
        where(m),
        `the entry of "${name}" belongs in ${name}.yaml`,
      );
    }
  }
  return entries;
}

/** Validates the infra repo. See the package README for what is checked. */
export function validateInfra(options: ValidateOptions): Report {
  const repoRoot = path.resolve(options.repoRoot);
  const infraDir = path.resolve(
    options.infraDir ?? path.join(repoRoot, 'infra'),
  );
  const clusterRegistry = path.resolve(
    options.registry ?? path.join(infraDir, 'registry'),
  );
  const inRegistry = (f: string) =>
    f === clusterRegistry || f.startsWith(clusterRegistry + path.sep);
  const problems = new Problems();
  const rel = (f: string) => relative(repoRoot, f);

  const files = listFiles(infraDir, [
    '.yaml',
    '.yml',
    '.json',
    'Kustomization',
  ]);
  const kustomizations = files.filter(isKustomization);
  const patches = patchFiles(kustomizations);
  const testsDir = path.join(infraDir, 'kyverno', 'tests');

  const manifests: Manifest[] = [];
  for (const f of files) {
    if (f.endsWith('.json')) {
      try {
        JSON.parse(fs.readFileSync(f, 'utf8'));
      } catch (e) {
        problems.add(rel(f), '', `JSON: ${(e as Error).message}`);
      }
      continue;
    }
    const docs = parseYamlFile(repoRoot, f, problems);
    if (
      isKustomization(f) ||
      patches.has(f) ||
      isValuesFile(rel(f)) ||
      inRegistry(f) ||
      isPolicyTestFile(testsDir, f)
    )
      continue;
    manifests.push(...docs);
  }

  // Files an ApplicationSet's git files generator reads are its parameters,
  // not objects for a cluster; the expanded Applications are checked below.
  const parameterFiles = generatorFiles(manifests, infraDir, repoRoot);
  if (parameterFiles.size) {
    const kept = manifests.filter(m => !parameterFiles.has(m.file));
    manifests.length = 0;
    manifests.push(...kept);
  }

  const registry = SchemaRegistry.fromDirectories(
    options.schemaDirs ?? defaultSchemaDirs,
  );
  for (const m of manifests) {
    if (m.object.kind === 'CompositeResourceDefinition')
      registry.addXrd(m.object);
  }

  /** Schema findings for one object: [JSON pointer, reason]. */
  const checkObject = (object: Json): Array<[string, string]> => {
    if (
      typeof object.apiVersion !== 'string' ||
      typeof object.kind !== 'string'
    ) {
      return [
        ['', 'not a Kubernetes object: apiVersion and kind are required'],
      ];
    }
    const out: Array<[string, string]> = [];
    if (!nameOf(object))
      out.push(['/metadata/name', `${object.kind} has no metadata.name`]);
    const errors = registry.validate(object);
    if (errors === undefined) {
      out.push([
        '/apiVersion',
        `no schema for ${object.apiVersion} ${object.kind}: not a Kubernetes kind, a vendored CRD (packages/infra-validator/schemas) or an XRD in infra/`,
      ]);
    } else {
      for (const e of errors)
        out.push([e.pointer === '/' ? '' : e.pointer, e.reason]);
    }
    return out;
  };
  for (const m of manifests) {
    for (const [pointer, reason] of checkObject(m.object))
      problems.add(m.file, where(m, pointer), reason);
  }

  // Every SLO spec must turn into Sloth's rules (what Sloth refuses, a
  // schema cannot say: an alert without a name, two kinds of SLI).
  for (const m of manifests.filter(
    x => x.object.kind === 'PrometheusServiceLevel',
  )) {
    for (const reason of specProblems(
      m.object as unknown as PrometheusServiceLevel,
    ))
      problems.add(m.file, where(m), `Sloth would refuse it: ${reason}`);
  }

  // Kyverno policies, their own tests, exceptions, and every rendered workload.
  const policies = celPoliciesOf([
    ...manifests.map(m => m.object),
    ...(options.policiesDir
      ? listFiles(options.policiesDir, ['.yaml'])
          .flatMap(f => parseYamlFile(repoRoot, f, problems))
          .map(m => m.object)
      : []),
  ]);
  const policyCases = checkPolicySet(
    repoRoot,
    manifests,
    testsDir,
    problems,
    options.today,
  );
  const exceptions = manifests
    .map(m => m.object)
    .filter(isPolicyException) as unknown as PolicyException[];

  let policyEvaluations = 0;
  // Every Kustomize overlay renders, and what it renders validates and is admitted.
  const rendered: Array<{ object: Json; file: string }> = [];
  for (const k of kustomizations) {
    const dir = path.dirname(k);
    let objects;
    try {
      objects = renderKustomization(dir, { repoRoot });
    } catch (e) {
      if (e instanceof KustomizeError)
        problems.add(e.file, '', `kustomize: ${e.reason}`);
      else problems.add(rel(k), '', `kustomize: ${(e as Error).message}`);
      continue;
    }
    const overlay = rel(dir);
    // The overlay's own Namespaces first; a base rendered on its own (a
    // kustomization other overlays include) finds its namespace among the
    // repo's files.
    const namespaces = [
      ...objects.map(o => o.object as Json),
      ...manifests.map(m => m.object),
    ].filter(o => o.kind === 'Namespace');
    // A base rendered by three overlays reports its problems once.
    const sub = new Problems();
    for (const o of objects) {
      const label = `rendered by ${overlay}: ${o.object.kind} ${
        nameOf(o.object as Json) ?? ''
      }`;
      for (const [pointer, reason] of checkObject(o.object as Json)) {
        // Already reported on the file itself: a base shared by overlays.
        if (problems.list.some(q => q.file === o.file && q.reason === reason))
          continue;
        sub.add(o.file, pointer ? `${label} ${pointer}` : label, reason);
      }
      const object = o.object as Json;
      const namespace = object.metadata?.namespace
        ? namespaces.find(n => nameOf(n) === object.metadata.namespace) ??
          (options.namespace &&
          nameOf(options.namespace) === object.metadata.namespace
            ? options.namespace
            : undefined)
        : options.namespace;
      const admission = refusals(policies, object, {
        namespace: object.kind === 'Namespace' ? undefined : namespace,
        resources: objects.map(x => x.object as Json),
        exceptions,
        now: options.today,
      });
      policyEvaluations += admission.applied;
      for (const r of admission.refusals) {
        sub.add(
          o.file,
          label,
          r.result === 'fail'
            ? `refused by ${r.policy}: ${r.message}`
            : r.message,
        );
      }
      rendered.push({ object: o.object as Json, file: o.file });
    }
    if (/^infra\/tenants\/[^/]+\/clusters\//.test(overlay)) {
      checkTenant(
        overlay,
        objects.map(o => o.object as Json),
        policies,
        sub,
      );
    }
    problems.addAll(sub.list);
  }

  const compositions = manifests.filter(m => m.object.kind === 'Composition');
  checkCompositions(manifests, rendered, registry, problems);

  const registryManifests = readRegistry(repoRoot, clusterRegistry, problems);
  checkReferences({
    infraDir,
    infraRepoUrl: options.infraRepoUrl ?? defaultInfraRepoUrl,
    manifests: [
      ...manifests,
      ...rendered
        .filter(r => !manifests.some(m => m.object === r.object))
        .map(r => ({ file: r.file, index: 0, object: r.object })),
    ],
    clusters: registeredClusters(registryManifests),
    problems,
    validate: object =>
      checkObject(object).map(([pointer, reason]) =>
        pointer ? `${pointer}: ${reason}` : reason,
      ),
  });

  // What the repo puts on the clusters, together: rendered overlays, and the
  // objects applied as plain files.
  const renderedFiles = new Set(rendered.map(r => r.file));
  const placed: Placed[] = [
    ...manifests.filter(m => !renderedFiles.has(m.file)),
    ...rendered.map(r => ({ object: r.object, file: r.file, index: 0 })),
    ...(options.productRepos ?? []).flatMap(dir =>
      productObjects(repoRoot, dir, problems),
    ),
  ];
  const view = new ClusterView(placed);
  const crossChecks = new Problems();
  checkMonitors(view, crossChecks);
  checkNetworkPolicyPorts(view, crossChecks);
  checkOtlpEndpoints(
    view,
    crossChecks,
    collectors(
      manifests,
      infraDir,
      options.infraRepoUrl ?? defaultInfraRepoUrl,
    ),
  );
  checkRoutes(view, crossChecks);
  checkAlertRouting(view, infraDir, repoRoot, crossChecks);
  checkRollouts(view, crossChecks);
  checkMesh(view, crossChecks);
  checkReleases(infraDir, repoRoot, crossChecks);
  checkGatewayAddresses(
    view,
    registeredClusters(registryManifests),
    crossChecks,
  );
  checkTenantProjects(
    view,
    options.infraRepoUrl ?? defaultInfraRepoUrl,
    crossChecks,
  );
  checkTenantScaffolding(
    view,
    options.infraRepoUrl ?? defaultInfraRepoUrl,
    crossChecks,
  );
  checkObservability(view, manifests, infraDir, crossChecks);
  problems.addAll(crossChecks.list);
  checkCodeowners(infraDir, repoRoot, problems);
  const identityProblems = new Problems();
  checkIdentities(
    manifests,
    infraDir,
    options.infraRepoUrl ?? defaultInfraRepoUrl,
    identityProblems,
  );
  checkThanosBuckets(
    manifests,
    infraDir,
    options.infraRepoUrl ?? defaultInfraRepoUrl,
    identityProblems,
  );
  problems.addAll(identityProblems.list);

  return {
    problems: problems.list,
    counts: {
      files: files.length,
      manifests: manifests.length,
      overlays: kustomizations.length,
      renderedObjects: rendered.length,
      compositions: compositions.length,
      policyCases,
      policyEvaluations,
    },
  };
}

/** The objects a product repository's overlays render (see `productRepos`). */
function productObjects(
  repoRoot: string,
  dir: string,
  problems: Problems,
): Placed[] {
  return listFiles(path.resolve(dir), ['kustomization.yaml']).flatMap(k => {
    try {
      return renderKustomization(path.dirname(k), { repoRoot: dir }).map(o => ({
        object: o.object as Json,
        file: relative(repoRoot, path.resolve(dir, o.file)),
        index: 0,
      }));
    } catch (e) {
      problems.add(
        relative(repoRoot, k),
        '',
        `kustomize: ${(e as Error).message}`,
      );
      return [];
    }
  });
}

/**
 * What every tenant overlay must render: a tenant namespace (which the
 * platform's GeneratingPolicy gives a default-deny NetworkPolicy), a
 * ResourceQuota, a LimitRange and a RoleBinding for the owner group.
 */
function checkTenant(
  overlay: string,
  objects: Json[],
  policies: CelPolicy[],
  problems: Problems,
) {
  const ofKind = (kind: string) => objects.filter(o => o.kind === kind);
  const namespaces = ofKind('Namespace');
  if (!namespaces.some(n => labelsOf(n)['trinity.io/tenant'] === 'true')) {
    problems.add(
      overlay,
      '',
      'a tenant needs a Namespace labelled trinity.io/tenant: "true"',
    );
  }
  // The default-deny NetworkPolicy has one owner: the platform's
  // GeneratingPolicy. The tenant's namespace must get it from there, and the
  // tenant must not carry a copy Argo CD and Kyverno would both manage.
  const isDenyAll = (p: Json) => {
    const s = (p.spec ?? {}) as Json;
    return (
      Object.keys(s.podSelector ?? { x: 1 }).length === 0 &&
      ['Ingress', 'Egress'].every(t => (s.policyTypes ?? []).includes(t)) &&
      !s.ingress?.length &&
      !s.egress?.length
    );
  };
  const generated = namespaces.flatMap(n =>
    policies
      .filter(p => p.kind === 'GeneratingPolicy')
      .flatMap(
        p => generate(p as GeneratingPolicy, { object: n })?.generated ?? [],
      ),
  );
  if (!generated.some(g => g.kind === 'NetworkPolicy' && isDenyAll(g)))
    problems.add(
      overlay,
      '',
      'no GeneratingPolicy gives this tenant namespace a default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules): see infra/kyverno/generate',
    );
  for (const own of ofKind('NetworkPolicy').filter(p =>
    generated.some(g => g.kind === 'NetworkPolicy' && nameOf(g) === nameOf(p)),
  ))
    problems.add(
      overlay,
      '',
      `NetworkPolicy ${nameOf(
        own,
      )} is generated by Kyverno in every tenant namespace: the tenant must not carry its own copy`,
    );
  for (const kind of ['ResourceQuota', 'LimitRange', 'RoleBinding']) {
    if (!ofKind(kind).length)
      problems.add(overlay, '', `a tenant needs a ${kind}`);
  }
}
