import { Config } from '@backstage/config';
import {
  ArgoCdCellData,
  ArgoCdProbeData,
  PolicySet,
  worstCellStatus,
} from '@internal/plugin-fleet-common';
import {
  createClusterReads,
  partOf,
  FleetCluster,
  FleetSource,
  FleetSourceReading,
} from '@internal/plugin-fleet-node';
import {
  ArgoCdApplication,
  ArgoCdClient,
} from '@internal/plugin-platform-node';
import {
  annotations,
  LabelRequirement,
  matchesLabelSelector,
  parseLabelSelector,
  RUNBOOKS,
} from '@internal/plugin-platform-common';

/**
 * What the column reads of an application: Argo CD's `fields` projection
 * keeps these (and whatever lies under them) and drops the rest, so a list
 * of thousands of applications stays small.
 */
export const FLEET_FIELDS = [
  'items.metadata.name',
  'items.metadata.labels',
  'items.spec.destination',
  'items.status.sync',
  'items.status.health',
  'items.status.conditions',
  'items.status.operationState',
  'items.status.history',
];

/** Critical: the release broke something; warning: a release on its way. */
const releaseRunbook: Record<string, string | undefined> = {
  critical: RUNBOOKS.badRelease,
  warning: RUNBOOKS.releaseInProgress,
};

const healthRank: Record<string, FleetSourceReading['status']> = {
  Healthy: 'ok',
  Progressing: 'warning',
  Suspended: 'warning',
  Missing: 'critical',
  Degraded: 'critical',
  Unknown: 'unknown',
};

/**
 * Where a cluster's applications are read from, with the read token: its
 * own Argo CD or the central one (platform-node's ArgoCdClient).
 */
export function argocdTargetOf(config: Config, cluster: FleetCluster) {
  return new ArgoCdClient(config).targetOf(cluster, 'read');
}

/**
 * The Argo CD column: the entity's applications (`trinity.io/argocd-app-selector`)
 * on the cluster's Argo CD, per cluster or central: their sync, health,
 * revision, last sync, operation and recent history, with a link to each in
 * the Argo CD UI.
 */
export function createArgocdSource(
  config: Config,
): FleetSource<ArgoCdCellData, ArgoCdProbeData> {
  // One client: in central mode every cluster's cell asks the same Argo CD
  // the same question at the same moment, and one list serves them all.
  const argocd = new ArgoCdClient(config);
  // One list per Argo CD (the central one serves every cluster), projected,
  // kept for trinity.fleet.clusterReadSeconds: each product's cell picks
  // its applications out of it, so reads do not grow with products.
  const lists = createClusterReads<ArgoCdApplication[]>(config);
  return {
    id: 'argocd',
    title: 'Argo CD',
    order: 10,
    async probe({ cluster, signal }) {
      const target = argocd.targetOf(cluster, 'read');
      if (typeof target === 'string') {
        return { status: 'unknown', summary: target };
      }
      const started = Date.now();
      const { Version } = await argocd.get<{ Version?: string }>(
        target,
        '/api/version',
        signal,
      );
      const latencyMs = Date.now() - started;
      const which = target.destination ? 'central Argo CD' : 'Argo CD';
      const policySet = await policySetOf(argocd, target, cluster, signal);
      return {
        status: 'ok',
        summary: `${which} answers (${
          Version ?? 'version not reported'
        }, ${latencyMs} ms)`,
        data: {
          version: Version,
          latencyMs,
          central: !!target.destination,
          policySet,
        },
      };
    },
    async read({ entity, cluster, signal, renew, since }) {
      const selector =
        entity.metadata.annotations?.[annotations.argocdAppSelector];
      if (!selector) {
        return {
          status: 'unknown',
          summary: `no ${annotations.argocdAppSelector} annotation`,
        };
      }
      const target = argocd.targetOf(cluster, 'read');
      if (typeof target === 'string') {
        return { status: 'unknown', summary: target };
      }
      let requirements: LabelRequirement[];
      try {
        requirements = parseLabelSelector(selector);
      } catch (error) {
        return {
          status: 'unknown',
          summary: `${annotations.argocdAppSelector} is not a label selector: ${
            (error as Error).message
          }`,
        };
      }
      const all = await lists.get(
        `${target.url} ${target.token}`,
        listSignal => argocd.listProjected(target, FLEET_FIELDS, listSignal),
        signal,
        { renew, since },
      );
      // A central Argo CD's list is split by destination once per list.
      const onCluster = target.destination
        ? partOf(all, `destination:${cluster.name}`, target.destination)
        : all;
      const apps = onCluster.filter(app =>
        matchesLabelSelector(app.metadata.labels, requirements),
      );
      if (apps.length === 0) {
        return {
          status: 'unknown',
          summary: target.destination
            ? `no application matches ${selector} with destination ${cluster.name}`
            : `no application matches ${selector}`,
        };
      }
      // A central Argo CD answers for a dead cluster with Unknown apps and a
      // ComparisonError: that is the cluster being unreachable, shown as the
      // same error cell a per-cluster Argo CD gives by refusing to connect.
      const unreachable = apps.map(unreachableReason);
      if (unreachable.every(Boolean)) {
        throw new Error(
          `Argo CD cannot reach ${cluster.name}: ${unreachable[0]}`,
        );
      }
      const ui = target.uiUrl.replace(/\/$/, '');
      const rows = apps.map(app => {
        const sync = app.status?.sync?.status ?? 'Unknown';
        const health = app.status?.health?.status ?? 'Unknown';
        let status = healthRank[health] ?? 'unknown';
        if (status === 'ok' && sync !== 'Synced') status = 'warning';
        return {
          name: app.metadata.name,
          status,
          sync,
          health,
          revision: app.status?.sync?.revision?.slice(0, 7),
          lastSync: app.status?.operationState?.finishedAt,
          operation: app.status?.operationState?.phase,
          operationMessage: app.status?.operationState?.message,
          condition: unreachableReason(app),
          // A multi-source application keeps one revision per source.
          history: (app.status?.history ?? [])
            .slice(-3)
            .reverse()
            .map(entry => ({
              ...entry,
              revision: entry.revision ?? entry.revisions?.[0] ?? '',
            })),
          url: `${ui}/applications/${encodeURIComponent(app.metadata.name)}`,
        };
      });
      const worst = worstCellStatus(rows.map(row => row.status));
      const revisions = [
        ...new Set(
          rows
            .map(row => row.revision)
            .filter((revision): revision is string => Boolean(revision)),
        ),
      ];
      const summary =
        rows.length === 1
          ? `${rows[0].sync} · ${rows[0].health} · ${
              rows[0].revision ?? 'no revision'
            }`
          : `${rows.length} apps: ${
              rows.filter(row => row.status === 'ok').length
            } synced and healthy · ${revisions.join(', ')}`;
      return {
        status: worst,
        summary,
        runbook: releaseRunbook[worst],
        data: { applications: rows, revisions },
      };
    },
  };
}

/** The label the platform's ApplicationSets put on what they generate. */
export const POLICY_SET_SELECTOR = 'trinity.io/platform-resource=policies';

/**
 * The policy set on a cluster: its Application from the `platform-policies`
 * ApplicationSet (infra/argocd/platform/applicationsets/policies.yaml). The
 * deployed revision is the last sync's (a multi-source application keeps
 * one per source, all of the infra repo); the target is what Argo CD
 * compares with. A failure to read it is said, not hidden.
 */
export async function policySetOf(
  argocd: ArgoCdClient,
  target: Exclude<ReturnType<ArgoCdClient['targetOf']>, string>,
  cluster: FleetCluster,
  signal?: AbortSignal,
): Promise<PolicySet> {
  let apps: ArgoCdApplication[];
  try {
    apps = await argocd.list(
      target,
      `${POLICY_SET_SELECTOR},trinity.io/cluster=${cluster.name}`,
      signal,
    );
  } catch (error) {
    return { error: `policy set not readable: ${(error as Error).message}` };
  }
  const [app] = apps;
  if (!app) {
    return {
      error: `no Application labelled ${POLICY_SET_SELECTOR} for ${cluster.name}`,
    };
  }
  const status = app.status ?? {};
  const last = status.history?.[status.history.length - 1];
  const first = (one?: string, many?: string[]) => one ?? many?.[0];
  return {
    application: app.metadata.name,
    revision:
      first(last?.revision, last?.revisions) ??
      first(
        status.operationState?.syncResult?.revision,
        status.operationState?.syncResult?.revisions,
      ),
    targetRevision: first(status.sync?.revision, status.sync?.revisions),
    sync: status.sync?.status ?? 'Unknown',
    health: status.health?.status ?? 'Unknown',
    url: `${target.uiUrl.replace(/\/$/, '')}/applications/${encodeURIComponent(
      app.metadata.name,
    )}`,
  };
}

/** Why Argo CD could not compare an application with its cluster, if it could not. */
function unreachableReason(app: ArgoCdApplication): string | undefined {
  if (app.status?.sync?.status !== 'Unknown') return undefined;
  return app.status?.conditions?.find(
    condition => condition.type === 'ComparisonError',
  )?.message;
}
