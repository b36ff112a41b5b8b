import {
  AuditorServiceEvent,
  AuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  annotations,
  clusterEndpointAnnotations,
  clustersOf,
} from '@internal/plugin-platform-common';
import {
  ActionResult,
  ClusterSync,
  entryPointOf,
} from '@internal/plugin-traffic-common';
import { toHistory, TrafficStore } from './TrafficStore';

type App = {
  metadata: { name: string };
  spec?: { syncPolicy?: { automated?: Record<string, unknown> | null } };
};

/**
 * The second kill switch: pause (and resume) Argo CD auto-sync for a
 * product's applications on one cluster, so a bad release stops being
 * re-applied there while people work. Same guard rails as a traffic change:
 * the caller checks `traffic.entrypoint.shift`; a reason is required; an
 * idempotency key makes a retry harmless; changes to one product on one
 * cluster are serialized; every attempt is audited and kept in the history,
 * with the exact auto-sync settings before, so resume puts them back.
 */
export class ArgoSyncService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      config: RootConfigService;
      store: TrafficStore;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  /** The cluster's own Argo CD: URL from the registry, token from config. */
  private async argocd(cluster: string) {
    const resource = await this.options.catalog.getEntityByRef(
      `resource:default/${cluster}`,
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const url =
      resource?.metadata.annotations?.[clusterEndpointAnnotations.argocdUrl];
    const token = this.options.config.getOptionalString(
      `trinity.clusters.${cluster}.argocd.token`,
    );
    if (!url || !token) {
      throw new ServiceUnavailableError(
        `no Argo CD configured for ${cluster} (trinity.clusters.${cluster}.argocd)`,
      );
    }
    return { url: url.replace(/\/$/, ''), token };
  }

  private async apps(entity: Entity, cluster: string) {
    const selector =
      entity.metadata.annotations?.[annotations.argocdAppSelector];
    if (!selector) {
      throw new InputError(
        `${stringifyEntityRef(entity)} has no ${
          annotations.argocdAppSelector
        } annotation`,
      );
    }
    const { url, token } = await this.argocd(cluster);
    const res = await fetch(
      `${url}/api/v1/applications?${new URLSearchParams({ selector })}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `Argo CD of ${cluster} answered ${res.status}`,
      );
    }
    return {
      url,
      token,
      apps: ((await res.json()).items ?? []) as App[],
    };
  }

  /** Auto-sync per cluster the product runs on; a cluster that fails says so in place. */
  async state(entity: Entity): Promise<Record<string, ClusterSync>> {
    const out: Record<string, ClusterSync> = {};
    await Promise.all(
      clustersOf(entity.metadata.annotations).map(async cluster => {
        try {
          const { apps } = await this.apps(entity, cluster);
          const list = apps.map(a => ({
            name: a.metadata.name,
            automated: !!a.spec?.syncPolicy?.automated,
          }));
          out[cluster] = {
            paused: list.length > 0 && list.every(a => !a.automated),
            apps: list,
          };
        } catch (e) {
          out[cluster] = {
            paused: false,
            apps: [],
            error: (e as Error).message,
          };
        }
      }),
    );
    return out;
  }

  /** History key: the product's entry point when it has one, so one history shows both switches. */
  private historyKey(entity: Entity) {
    try {
      return entryPointOf(entity)?.name ?? stringifyEntityRef(entity);
    } catch {
      return stringifyEntityRef(entity);
    }
  }

  async toggle(
    entity: Entity,
    request: { cluster: string; paused: boolean; reason: string },
    ctx: {
      actor: string;
      idempotencyKey?: string;
      audit?: (meta: Record<string, unknown>) => Promise<AuditorServiceEvent>;
    },
  ): Promise<ActionResult> {
    if (!request.reason?.trim()) {
      throw new InputError('a reason is required to pause or resume auto-sync');
    }
    if (!clustersOf(entity.metadata.annotations).includes(request.cluster)) {
      throw new InputError(
        `${stringifyEntityRef(entity)} does not run on ${request.cluster}`,
      );
    }
    const store = this.options.store;
    if (ctx.idempotencyKey) {
      const done = await store.byIdempotencyKey(ctx.idempotencyKey);
      if (done)
        return {
          outcome: done.outcome,
          replayed: true,
          entry: toHistory(done),
        };
    }
    const kind: 'sync-pause' | 'sync-resume' = request.paused
      ? 'sync-pause'
      : 'sync-resume';
    const audit = await ctx.audit?.({
      switch: 'argocd-auto-sync',
      cluster: request.cluster,
      paused: request.paused,
      reason: request.reason,
    });
    const entryPoint = this.historyKey(entity);
    // What every history row of this attempt shares, applied or not.
    const row = () => ({
      id: TrafficStore.newId(),
      entityRef: stringifyEntityRef(entity),
      entryPoint,
      kind,
      cluster: request.cluster,
      actor: ctx.actor,
      reason: request.reason.trim(),
      weightsBefore: {},
      weightsAfter: {},
      recordsAfter: [],
      createdAt: this.now(),
    });
    try {
      const record = await store.withEntryPointLock(
        `argocd:${stringifyEntityRef(entity)}:${request.cluster}`,
        async (tx, trx) => {
          const { url, token, apps } = await this.apps(entity, request.cluster);
          if (apps.length === 0) {
            throw new InputError(
              `no Argo CD application of the product on ${request.cluster}`,
            );
          }
          const automatedNow = apps.filter(a => a.spec?.syncPolicy?.automated);
          if (request.paused && automatedNow.length === 0) {
            throw new ConflictError(
              `auto-sync is already paused on ${request.cluster}`,
            );
          }
          if (!request.paused && automatedNow.length === apps.length) {
            throw new ConflictError(
              `auto-sync is already on for every application on ${request.cluster}`,
            );
          }
          // What to put back on resume: the settings before the last pause.
          const lastPause = request.paused
            ? undefined
            : (await tx.history(entryPoint, 100)).find(
                h =>
                  h.kind === 'sync-pause' &&
                  h.cluster === request.cluster &&
                  h.outcome === 'applied',
              );
          const pausedWith = lastPause
            ? await tx.byId(lastPause.id)
            : undefined;
          const before = apps.map(a => ({
            name: a.metadata.name,
            type: 'syncPolicy.automated',
            content: [JSON.stringify(a.spec?.syncPolicy?.automated ?? null)],
          }));
          for (const app of apps) {
            const automated = request.paused
              ? null
              : JSON.parse(
                  pausedWith?.recordsBefore.find(
                    r => r.name === app.metadata.name,
                  )?.content[0] ?? 'null',
                ) ?? { prune: true, selfHeal: true };
            const res = await fetch(
              `${url}/api/v1/applications/${encodeURIComponent(
                app.metadata.name,
              )}`,
              {
                method: 'PATCH',
                headers: {
                  Authorization: `Bearer ${token}`,
                  'content-type': 'application/json',
                },
                body: JSON.stringify({
                  name: app.metadata.name,
                  patch: JSON.stringify({
                    spec: { syncPolicy: { automated } },
                  }),
                  patchType: 'merge',
                }),
              },
            );
            if (!res.ok) {
              throw new ServiceUnavailableError(
                `Argo CD of ${request.cluster} refused the change to ${app.metadata.name}: ${res.status}`,
              );
            }
          }
          const entry = {
            ...row(),
            idempotencyKey: ctx.idempotencyKey,
            outcome: 'applied' as const,
            recordsBefore: before,
          };
          await tx.insert(entry, trx);
          return entry;
        },
      );
      await audit?.success({
        meta: {
          outcome: 'applied',
          apps: record.recordsBefore.map(r => r.name),
        },
      });
      return { outcome: 'applied', replayed: false, entry: toHistory(record) };
    } catch (e) {
      const error = e as Error;
      if (!(e instanceof InputError)) {
        await store.insert({
          ...row(),
          outcome: e instanceof ConflictError ? 'conflict' : 'failed',
          error: error.message,
          recordsBefore: [],
        });
      }
      await audit?.fail({ error });
      throw e;
    }
  }
}
