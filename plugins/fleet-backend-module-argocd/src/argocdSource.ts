import { Config } from '@backstage/config';
import {
  ArgoCdCellData,
  ArgoCdProbeData,
  worstCellStatus,
} from '@internal/plugin-fleet-common';
import {
  FleetCluster,
  FleetSource,
  FleetSourceReading,
  InFlight,
} from '@internal/plugin-fleet-node';
import { annotations, RUNBOOKS } from '@internal/plugin-platform-common';

/** Critical: the release broke something; warning: a release on its way. */
const releaseRunbook: Record<string, string | undefined> = {
  critical: RUNBOOKS.badRelease,
  warning: RUNBOOKS.releaseInProgress,
};

/** The fields of an Argo CD Application the fleet view shows. */
interface Application {
  metadata: { name: string };
  spec?: { destination?: { name?: string; server?: string } };
  status?: {
    conditions?: Array<{ type: string; message?: string }>;
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
    };
    history?: Array<{ id: number; revision: string; deployedAt: string }>;
    reconciledAt?: string;
  };
}

const healthRank: Record<string, FleetSourceReading['status']> = {
  Healthy: 'ok',
  Progressing: 'warning',
  Suspended: 'warning',
  Missing: 'critical',
  Degraded: 'critical',
  Unknown: 'unknown',
};

/** Where a cluster's applications are read from, and how to pick them out. */
interface ArgoCdTarget {
  url: string;
  uiUrl: string;
  token: string;
  /** Central mode: keep only the applications deployed to this cluster. */
  destination?: (app: Application) => boolean;
}

/**
 * Finds the Argo CD that holds a cluster's applications. By default each
 * cluster runs its own (`trinity.clusters.<name>.argocd`, bound into the
 * cluster's registry entry). A cluster without one is read from the central
 * Argo CD (`trinity.argocd.central`), whose applications target clusters by
 * destination: `spec.destination.name` is the cluster's registry name, or
 * `spec.destination.server` its Kubernetes API URL.
 */
export function argocdTargetOf(
  config: Config,
  cluster: FleetCluster,
): ArgoCdTarget | string {
  const own = cluster.endpoints.argocd;
  if (own) {
    // The fleet only reads: the read token (the kill switch has its own).
    const token = config.getOptionalString(
      `trinity.clusters.${cluster.name}.argocd.readToken`,
    );
    if (!token)
      return `no Argo CD read token configured for ${cluster.name} (trinity.clusters.${cluster.name}.argocd.readToken)`;
    return { url: own, uiUrl: cluster.endpoints.argocdUi ?? own, token };
  }
  const central = config.getOptionalConfig('trinity.argocd.central');
  if (!central) return `no Argo CD configured for ${cluster.name}`;
  const url = central.getString('url');
  const server = cluster.endpoints.kubernetes?.replace(/\/$/, '');
  return {
    url,
    uiUrl: central.getOptionalString('uiUrl') ?? url,
    token: central.getString('readToken'),
    destination: app => {
      const d = app.spec?.destination;
      return (
        d?.name === cluster.name ||
        (!!server && d?.server?.replace(/\/$/, '') === server)
      );
    },
  };
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
  // In central mode every cluster's cell asks the same Argo CD the same
  // question at the same moment: one list serves them all.
  const lists = new InFlight<Application[]>();
  const list = (target: ArgoCdTarget, selector: string, signal: AbortSignal) =>
    lists.run(`${target.url} ${selector}`, async () => {
      const res = await fetch(
        `${target.url.replace(
          /\/$/,
          '',
        )}/api/v1/applications?${new URLSearchParams({ selector })}`,
        { headers: { Authorization: `Bearer ${target.token}` }, signal },
      );
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(
          `Argo CD answered ${res.status}: ${body.message ?? res.statusText}`,
        );
      }
      return ((await res.json()).items ?? []) as Application[];
    });
  return {
    id: 'argocd',
    title: 'Argo CD',
    async probe({ cluster, signal }) {
      const target = argocdTargetOf(config, cluster);
      if (typeof target === 'string') {
        return { status: 'unknown', summary: target };
      }
      const started = Date.now();
      const res = await fetch(`${target.url.replace(/\/$/, '')}/api/version`, {
        headers: { Authorization: `Bearer ${target.token}` },
        signal,
      });
      const latencyMs = Date.now() - started;
      if (!res.ok) {
        throw new Error(`Argo CD answered ${res.status}: ${res.statusText}`);
      }
      const { Version } = (await res.json()) as { Version?: string };
      const which = target.destination ? 'central Argo CD' : 'Argo CD';
      return {
        status: 'ok',
        summary: `${which} answers (${
          Version ?? 'version not reported'
        }, ${latencyMs} ms)`,
        data: { version: Version, latencyMs, central: !!target.destination },
      };
    },
    async read({ entity, cluster, signal }) {
      const selector =
        entity.metadata.annotations?.[annotations.argocdAppSelector];
      if (!selector) {
        return {
          status: 'unknown',
          summary: `no ${annotations.argocdAppSelector} annotation`,
        };
      }
      const target = argocdTargetOf(config, cluster);
      if (typeof target === 'string') {
        return { status: 'unknown', summary: target };
      }
      const all = await list(target, selector, signal);
      const apps = target.destination ? all.filter(target.destination) : all;
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
          history: (app.status?.history ?? []).slice(-3).reverse(),
          url: `${ui}/applications/${encodeURIComponent(app.metadata.name)}`,
        };
      });
      const worst = worstCellStatus(rows.map(r => r.status));
      const revisions = [
        ...new Set(
          rows.map(r => r.revision).filter((r): r is string => Boolean(r)),
        ),
      ];
      const summary =
        rows.length === 1
          ? `${rows[0].sync} · ${rows[0].health} · ${
              rows[0].revision ?? 'no revision'
            }`
          : `${rows.length} apps: ${
              rows.filter(r => r.status === 'ok').length
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

/** Why Argo CD could not compare an application with its cluster, if it could not. */
function unreachableReason(app: Application): string | undefined {
  if (app.status?.sync?.status !== 'Unknown') return undefined;
  return app.status?.conditions?.find(c => c.type === 'ComparisonError')
    ?.message;
}
