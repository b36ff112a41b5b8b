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
import {
  ArgoCdAccess,
  ArgoCdApplication,
  ArgoCdClient,
  ClusterDirectory,
} from '@internal/plugin-platform-node';
import { ActionResult, ClusterSync } from '@internal/plugin-traffic-common';
import { cannotReach } from '@internal/plugin-platform-common';
import { earlierAttempt } from './idempotency';
import { Product } from './ProductBindings';
import { toHistory, TrafficStore } from './TrafficStore';

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
 * write token (docs/security.md#argo-cd-tokens); a cluster without its own
 * Argo CD is reached through the central one (platform-node's ArgoCdClient,
 * the same client as the fleet view's).
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
  ) {
    this.argocd = new ArgoCdClient(options.config);
    this.clusters = new ClusterDirectory({
      catalog: options.catalog,
      auth: options.auth,
    });
  }

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  private readonly argocd: ArgoCdClient;
  private readonly clusters: ClusterDirectory;

  /** Where a cluster's applications are, for reading or changing them. */
  private async target(cluster: string, access: ArgoCdAccess) {
    const registered = (await this.clusters.byName([cluster])).get(cluster);
    if (!registered) {
      throw new InputError(
        `cluster: ${cluster} is not in the cluster registry`,
      );
    }
    const target = this.argocd.targetOf(registered, access);
    if (typeof target === 'string') throw new ServiceUnavailableError(target);
    return target;
  }

  /** The product's applications on a cluster, as its tenant defines them. */
  private async apps({ binding }: Product, cluster: string) {
    const tenant = binding.tenant.argocd;
    if (!tenant) {
      throw new InputError(
        `the tenant of ${binding.entityRef} in the infra repo (${binding.tenant.path}) has no services ApplicationSet in the team's project`,
      );
    }
    let apps: ArgoCdApplication[];
    try {
      // Per cluster or central: the client keeps the cluster's own.
      apps = await this.argocd.list(
        await this.target(cluster, 'read'),
        tenant.selector,
      );
    } catch (error) {
      if (
        error instanceof InputError ||
        error instanceof ServiceUnavailableError
      )
        throw error;
      throw new ServiceUnavailableError(
        cannotReach(`${cluster}'s Argo CD`, error),
      );
    }
    // Labels are not proof: only the tenant team's project is the product's.
    return apps.filter(app => app.spec?.project === tenant.project);
  }

  /** Auto-sync per cluster the product runs on; a cluster that fails says so in place. */
  async state(product: Product): Promise<Record<string, ClusterSync>> {
    const out: Record<string, ClusterSync> = {};
    await Promise.all(
      product.binding.tenant.clusters.map(async cluster => {
        try {
          const apps = await this.apps(product, cluster);
          const list = apps.map(app => ({
            name: app.metadata.name,
            automated: !!app.spec?.syncPolicy?.automated,
          }));
          out[cluster] = {
            paused: list.length > 0 && list.every(app => !app.automated),
            apps: list,
          };
        } catch (error) {
          out[cluster] = {
            paused: false,
            apps: [],
            error: (error as Error).message,
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
          const apps = await this.apps(product, request.cluster);
          const writer = await this.target(request.cluster, 'write');
          if (apps.length === 0) {
            throw new InputError(
              `no Argo CD application of the product on ${request.cluster}`,
            );
          }
          const automatedNow = apps.filter(
            app => app.spec?.syncPolicy?.automated,
          );
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
                historyEntry =>
                  historyEntry.kind === 'sync-pause' &&
                  historyEntry.cluster === request.cluster &&
                  historyEntry.outcome === 'applied',
              );
          const pausedWith = lastPause
            ? await tx.byId(lastPause.id)
            : undefined;
          const before = apps.map(app => ({
            name: app.metadata.name,
            type: 'syncPolicy.automated',
            content: [JSON.stringify(app.spec?.syncPolicy?.automated ?? null)],
          }));
          for (const app of apps) {
            const automated = request.paused
              ? null
              : JSON.parse(
                  pausedWith?.recordsBefore.find(
                    saved => saved.name === app.metadata.name,
                  )?.content[0] ?? 'null',
                ) ?? { prune: true, selfHeal: true };
            await this.argocd
              .patch(writer, app.metadata.name, {
                spec: { syncPolicy: { automated } },
              })
              .catch(error => {
                throw new ServiceUnavailableError(
                  `Argo CD of ${request.cluster} refused the change to ${app.metadata.name}: ${error.message}`,
                );
              });
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
          apps: record.recordsBefore.map(appRecord => appRecord.name),
        },
      });
      return { outcome: 'applied', replayed: false, entry: toHistory(record) };
    } catch (caught) {
      const error = caught as Error;
      if (!(caught instanceof InputError)) {
        await store.insert({
          ...row(),
          outcome: caught instanceof ConflictError ? 'conflict' : 'failed',
          error: error.message,
          recordsBefore: [],
        });
      }
      await audit?.fail({ error });
      throw caught;
    }
  }
}
