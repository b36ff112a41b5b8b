import { ClusterView, Placed } from './clusterView';
import { labelsOf, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

const templated = (s: unknown) => typeof s === 'string' && s.includes('{{');

/** The Argo CD spec of an Application, or of an ApplicationSet's template. */
export const appSpec = (p: Placed): [Json, string] =>
  p.object.kind === 'ApplicationSet'
    ? [p.object.spec?.template?.spec ?? {}, '/spec/template/spec/project']
    : [p.object.spec ?? {}, '/spec/project'];

/**
 * A tenant's Applications that deploy the product's own code (a source
 * other than the infra repo) go through its team's AppProject: the one
 * named after the team that owns the tenant (its namespace's `team`
 * label), which lists the tenant's namespace among its destinations —
 * never `platform` (every cluster, cluster-scoped kinds) and never another
 * team's. The tenant scaffolding (sources in the infra repo only) has its own
 * check (tenantScaffolding.ts).
 */
export function checkTenantProjects(
  view: ClusterView,
  infraRepoUrl: string,
  problems: Problems,
) {
  const projects = new Map(
    view.ofKind('AppProject').map(p => [nameOf(p.object), p.object]),
  );
  for (const app of [
    ...view.ofKind('ApplicationSet'),
    ...view.ofKind('Application'),
  ]) {
    const product = /^infra\/tenants\/([^/]+)\//.exec(app.file)?.[1];
    if (!product) continue;
    const [spec, pointer] = appSpec(app);
    const sources: Json[] = spec.sources ?? (spec.source ? [spec.source] : []);
    if (sources.every(s => s.repoURL === infraRepoUrl)) continue;
    const project = spec.project;
    if (templated(project)) continue;
    const namespace = view
      .ofKind('Namespace')
      .find(
        n =>
          nameOf(n.object) === product &&
          n.file.startsWith(`infra/tenants/${product}/`),
      );
    const team = namespace ? labelsOf(namespace.object).team : undefined;
    const label = `${app.object.kind} ${nameOf(app.object)}`;
    if (!team) {
      problems.add(
        app.file,
        where(app, pointer),
        `${label}: tenant ${product} has no Namespace labelled with its team, so its team's project is unknown`,
      );
      continue;
    }
    if (project !== team) {
      problems.add(
        app.file,
        where(app, pointer),
        `${label} deploys ${product}'s own repository through project "${project}": a tenant's services go through its team's project, ${team}${
          project === 'platform'
            ? ' (never platform: every cluster and cluster-scoped kinds)'
            : ''
        }`,
      );
      continue;
    }
    const destinations = (projects.get(project)?.spec?.destinations ??
      []) as Json[];
    if (!destinations.some(d => d.namespace === product)) {
      problems.add(
        app.file,
        where(app, pointer),
        `${label}: project ${project} does not list namespace ${product} among its destinations`,
      );
    }
  }
}
