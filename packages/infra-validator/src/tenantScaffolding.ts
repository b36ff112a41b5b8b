import { ClusterView, Placed } from './clusterView';
import { nameOf, splitApiVersion, where } from './load';
import { Problems } from './problems';
import { appSpec } from './tenantProjects';

type Json = Record<string, any>;

/** The tenants' own Argo CD objects: under infra/tenants/<product>/. */
const tenantOf = (file: string) => /^infra\/tenants\/([^/]+)\//.exec(file)?.[1];

const sourcesOf = (spec: Json): Json[] =>
  spec.sources ?? (spec.source ? [spec.source] : []);

/** Argo CD's group/kind lists: an entry matches by exact or `*` group and kind. */
const listed = (list: unknown, group: string, kind: string) =>
  ((list ?? []) as Json[]).some(
    e =>
      (e.group === '*' || e.group === group) &&
      (e.kind === '*' || e.kind === kind),
  );

/**
 * Is this Application of the platform's tenants root, i.e. does it apply a
 * product's `appset/` folder? (infra/argocd/apps/tenants.yaml)
 */
const appliesTenantFolders = (p: Placed) =>
  p.file.startsWith('infra/argocd/') &&
  (sourcesOf(appSpec(p)[0]).some(s =>
    String(s.path ?? '').startsWith('tenants/'),
  ) ||
    JSON.stringify(p.object.spec?.generators ?? []).includes(
      '"path":"tenants/',
    ));

/**
 * Tenants never go through the `platform` project (every cluster, every
 * namespace, every cluster-scoped kind): the tenants root's Applications,
 * and every Application or ApplicationSet of a tenant folder. The
 * scaffolding (sources in the infra repo only) goes through a project that
 * reads the infra repo only and allows no cluster-scoped kind but
 * Namespace; every kind the tenant's folders render must be one that
 * project allows (or Argo CD refuses the sync), and every object stays in
 * the product's namespace — the part Argo CD cannot tie to a path and
 * this check does (docs/adr/0017-tenant-scaffolding-project.md).
 */
export function checkTenantScaffolding(
  view: ClusterView,
  infraRepoUrl: string,
  problems: Problems,
) {
  const projects = new Map(
    view.ofKind('AppProject').map(p => [nameOf(p.object), p.object]),
  );
  const apps = [
    ...view.ofKind('ApplicationSet'),
    ...view.ofKind('Application'),
  ];
  const label = (p: Placed) => `${p.object.kind} ${nameOf(p.object)}`;

  for (const app of apps.filter(
    a => tenantOf(a.file) || appliesTenantFolders(a),
  )) {
    const [spec, pointer] = appSpec(app);
    if (spec.project === 'platform') {
      problems.add(
        app.file,
        where(app, pointer),
        `${label(
          app,
        )} goes through project "platform": a tenant's Applications never do (every cluster, every namespace, cluster-scoped kinds); the scaffolding goes through a tenants project, the services through the team's`,
      );
    }
  }

  // The scaffolding's projects, and what each tenant renders through them.
  const scaffolding = new Map<string, Set<string>>(); // product -> projects
  for (const app of apps) {
    const product = tenantOf(app.file);
    const [spec, pointer] = appSpec(app);
    if (!product || spec.project === 'platform') continue;
    if (!sourcesOf(spec).every(s => s.repoURL === infraRepoUrl)) continue;
    const project = projects.get(spec.project);
    if (!project) continue; // reported by the references check
    const narrow = scaffoldingProjectProblems(project.spec ?? {}, infraRepoUrl);
    for (const reason of narrow) {
      problems.add(
        app.file,
        where(app, pointer),
        `${label(app)}: project ${
          spec.project
        } is too wide for tenant scaffolding: ${reason}`,
      );
    }
    scaffolding.set(
      product,
      (scaffolding.get(product) ?? new Set()).add(spec.project),
    );
  }

  for (const [product, names] of scaffolding) {
    const specs = [...names].map(n => projects.get(n)?.spec ?? {});
    const reported = new Set<string>();
    for (const o of view.objects.filter(
      p =>
        tenantOf(p.file) === product &&
        !p.file.startsWith(`infra/tenants/${product}/appset/`) &&
        !['ApplicationSet', 'Application'].includes(p.object.kind),
    )) {
      const [group] = splitApiVersion(o.object.apiVersion);
      const kind = String(o.object.kind);
      const namespaced = kind !== 'Namespace';
      const allowed = specs.some(s =>
        namespaced
          ? listed(s.namespaceResourceWhitelist, group, kind) &&
            !listed(s.namespaceResourceBlacklist, group, kind)
          : listed(s.clusterResourceWhitelist, group, kind),
      );
      const key = `${o.file} ${kind}`;
      if (!allowed && !reported.has(key)) {
        reported.add(key);
        problems.add(
          o.file,
          where(o),
          `${kind} (${
            group || 'core'
          }) of tenant ${product} is not a kind its scaffolding project ${[
            ...names,
          ].join(', ')} allows: Argo CD would refuse to sync it`,
        );
      }
      const namespace = namespaced
        ? o.object.metadata?.namespace
        : nameOf(o.object);
      if (namespace !== product && !reported.has(`${key} ns`)) {
        reported.add(`${key} ns`);
        problems.add(
          o.file,
          where(o),
          `${kind} ${nameOf(o.object)} of tenant ${product} is ${
            namespaced ? 'in namespace' : 'the namespace'
          } ${
            namespace ?? '(none)'
          }: a tenant's scaffolding stays in its own namespace, ${product}`,
        );
      }
    }
  }
}

/** Why a project is wider than tenant scaffolding needs, if it is. */
function scaffoldingProjectProblems(
  spec: Json,
  infraRepoUrl: string,
): string[] {
  const out: string[] = [];
  const repos = (spec.sourceRepos ?? []) as string[];
  if (repos.some(r => r !== infraRepoUrl))
    out.push(
      `it reads repositories other than the infra repo (${repos.join(', ')})`,
    );
  const cluster = (spec.clusterResourceWhitelist ?? []) as Json[];
  if (cluster.some(e => !(e.group === '' && e.kind === 'Namespace')))
    out.push('it allows cluster-scoped kinds other than Namespace');
  const namespaced = spec.namespaceResourceWhitelist as Json[] | undefined;
  if (!namespaced?.length || namespaced.some(e => e.kind === '*'))
    out.push(
      'it does not list the namespaced kinds it allows (namespaceResourceWhitelist)',
    );
  return out;
}
