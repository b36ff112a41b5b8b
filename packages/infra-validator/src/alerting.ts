import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ClusterView } from './clusterView';
import { labelsOf, nameOf, namespaceOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/** Where each cluster's Alertmanager configuration is (the add-on's values). */
const ALERTMANAGER_VALUES =
  'argocd/addons/values/kube-prometheus-stack/common.yaml';

/** Whether a route matches alerts of a team (matchers or the older match). */
const routeTeam = (route: Json): string | undefined => {
  if (route.match?.team) return String(route.match.team);
  for (const m of (route.matchers ?? []) as string[]) {
    const team = /^\s*team\s*=\s*"?([^"]+)"?\s*$/.exec(String(m))?.[1];
    if (team) return team;
  }
  return undefined;
};

const routesSeverity = (route: Json, severity: string): boolean =>
  ((route.matchers ?? []) as string[]).some(m =>
    new RegExp(`^\\s*severity\\s*=\\s*"?${severity}"?\\s*$`).test(String(m)),
  ) || route.match?.severity === severity;

/**
 * Sloth's burn-rate alerts reach the team that owns the product: every
 * tenant's SLOs carry its team's label, and the Alertmanager configuration
 * has a route on that team label whose receiver exists, with a child route
 * for `severity="page"` to a receiver of its own (pages and tickets go to
 * different places). A team without its route would have its pages land
 * on the platform's default receiver.
 */
export function checkAlertRouting(
  view: ClusterView,
  infraDir: string,
  repoRoot: string,
  problems: Problems,
) {
  const tenants = view.productTenants();
  if (!tenants.length) return;
  const teamOf = new Map(
    tenants.map(n => [nameOf(n.object), labelsOf(n.object).team]),
  );

  for (const slo of view.ofKind('PrometheusServiceLevel')) {
    const ns = namespaceOf(slo.object);
    const team = teamOf.get(ns);
    if (!team || !/^infra\/tenants\//.test(slo.file)) continue;
    const label = slo.object.spec?.labels?.team;
    if (label !== team) {
      problems.add(
        slo.file,
        where(slo, '/spec/labels/team'),
        `PrometheusServiceLevel ${nameOf(
          slo.object,
        )} labels its alerts team ${JSON.stringify(
          label,
        )}, but tenant ${ns} belongs to ${team}: its pages would reach another team`,
      );
    }
  }

  const file = path.join(infraDir, ALERTMANAGER_VALUES);
  const rel = path.relative(repoRoot, file).split(path.sep).join('/');
  if (!fs.existsSync(file)) return;
  let config: Json;
  try {
    config = (parse(fs.readFileSync(file, 'utf8')) ?? {}).alertmanager?.config;
  } catch {
    return; // reported as a YAML problem of the file
  }
  if (!config?.route) {
    problems.add(
      rel,
      '',
      'Alertmanager has no configuration (alertmanager.config.route): SLO alerts reach nobody',
    );
    return;
  }
  const receivers = new Set(
    ((config.receivers ?? []) as Json[]).map(r => r.name),
  );
  const routes = (config.route.routes ?? []) as Json[];
  const teams = [...new Set([...teamOf.values()].filter(Boolean))].sort();
  for (const team of teams) {
    const route = routes.find(r => routeTeam(r) === team);
    if (!route) {
      problems.add(
        rel,
        '',
        `team ${team} owns a tenant but Alertmanager has no route on team="${team}": its SLO alerts would go to the platform's receiver`,
      );
      continue;
    }
    const page = ((route.routes ?? []) as Json[]).find(r =>
      routesSeverity(r, 'page'),
    );
    if (!page) {
      problems.add(
        rel,
        '',
        `the route of team ${team} has no child route for severity="page": its pages and tickets go to one receiver`,
      );
    }
    for (const r of [route, page].filter(Boolean) as Json[]) {
      if (!receivers.has(r.receiver)) {
        problems.add(
          rel,
          '',
          `the route of team ${team} names receiver ${JSON.stringify(
            r.receiver,
          )}, which alertmanager.config.receivers does not define`,
        );
      }
    }
  }
}
