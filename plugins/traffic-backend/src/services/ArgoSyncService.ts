import {
  AuditorServiceEvent,
  AuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { clusterEndpointAnnotations } from '@internal/plugin-platform-common';
import { ActionResult, ClusterSync } from '@internal/plugin-traffic-common';
import { earlierAttempt } from './idempotency';
import { Product } from './ProductBindings';
import { toHistory, TrafficStore } from './TrafficStore';

type App = {
  metadata: { name: string };
  spec?: {
    project?: string;
    syncPolicy?: { automated?: Record<string, unknown> | null };
  };
};

/**
 * The second kill switch: pause (and resume) Argo CD auto-sync for a
 * product's applications on one cluster, so a bad release stops being
 * re-applied there while people work. Same guard rails as a traffic change:
 * the caller checks `traffic.entrypoint.shift`; a reason is required; an
 * idempotency key makes a retry harmless; changes to one product on one
 * cluster are serialized; every attempt is audited and kept in the history,
 * with the exact auto-sync settings before, so resume puts them back.
 *
 * Which applications: those of the product's tenant in the infra repo — its
 * services' ApplicationSet's label selector, and only applications in the
 * tenant team's AppProject — never a selector the product's own catalog
 * entry names. Reads use the cluster's Argo CD read token, changes its
 * write token (docs/security.md#argo-cd-tokens).
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

  /** The cluster's own Argo CD: URL from the registry, tokens from config. */
  private async argocd(cluster: string, access: 'read' | 'write') {
    const resource = await this.options.catalog.getEntityByRef(
      `resource:default/${cluster}`,
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const url =
      resource?.metadata.annotations?.[clusterEndpointAnnotations.argocdUrl];
    const key = `trinity.clusters.${cluster}.argocd.${access}Token`;
    const token = this.options.config.getOptionalString(key);
    if (!url || !token) {
      throw new ServiceUnavailableError(
        `no Argo CD ${access} token configured for ${cluster} (${key})`,
      );
    }
    return { url: url.replace(/\/$/, ''), token };
  }

  /** The product's applications on a cluster, as its tenant defines them. */
  private async apps({ binding }: Product, cluster: string) {
    const argocd = binding.tenant.argocd;
    if (!argocd) {
      throw new InputError(
        `the tenant of ${binding.entityRef} in the infra repo (${binding.tenant.path}) has no services ApplicationSet in the team's project`,
      );
    }
    const { url, token } = await this.argocd(cluster, 'read');
    const res = await fetch(
      `${url}/api/v1/applications?${new URLSearchParams({
        selector: argocd.selector,
      })}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `Argo CD of ${cluster} answered ${res.status}`,
      );
    }
    // Labels are not proof: only the tenant team's project is the product's.
    const apps = (((await res.json()).items ?? []) as App[]).filter(
      a => a.spec?.project === argocd.project,
    );
    return { url, apps };
  }

  /** Auto-sync per cluster the product runs on; a cluster that fails says so in place. */
  async state(product: Product): Promise<Record<string, ClusterSync>> {
    const out: Record<string, ClusterSync> = {};
    await Promise.all(
      product.binding.tenant.clusters.map(async cluster => {
        try {
          const { apps } = await this.apps(product, cluster);
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
  private historyKey({ entity, binding }: Product) {
    return binding.entryPoint?.name ?? stringifyEntityRef(entity);
  }

  async toggle(
    product: Product,
    request: { cluster: string; paused: boolean; reason: string },
    ctx: {
      actor: string;
      idempotencyKey?: string;
      requestHash?: string;
      audit?: (meta: Record<string, unknown>) => Promise<AuditorServiceEvent>;
    },
  ): Promise<ActionResult> {
    const { entity } = product;
    if (!request.reason?.trim()) {
      throw new InputError('a reason is required to pause or resume auto-sync');
    }
    if (!product.binding.tenant.clusters.includes(request.cluster)) {
      throw new InputError(
        `cluster: ${stringifyEntityRef(entity)} does not run on ${
          request.cluster
        } (its tenant has ${product.binding.tenant.clusters.join(', ')})`,
      );
    }
    const store = this.options.store;
    const done = await earlierAttempt(
      store,
      ctx.idempotencyKey,
      ctx.requestHash,
    );
    if (done) {
      const event = await ctx.audit?.({
        switch: 'argocd-auto-sync',
        cluster: request.cluster,
        replayed: true,
        idempotencyKey: ctx.idempotencyKey,
      });
      await event?.success({
        meta: { outcome: done.outcome, replayed: true, of: done.id },
      });
      return { outcome: done.outcome, replayed: true, entry: toHistory(done) };
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
    const entryPoint = this.historyKey(product);
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
          const { url, apps } = await this.apps(product, request.cluster);
          const { token } = await this.argocd(request.cluster, 'write');
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
            requestHash: ctx.requestHash,
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
