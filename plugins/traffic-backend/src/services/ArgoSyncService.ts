import { AuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActionResult, ClusterSync } from '@internal/plugin-traffic-common';
import { ChangeContext, historyKey, recordedChange } from './recordedChange';
import { Product } from './ProductBindings';
import { ProductApps } from './productApps';
import { TrafficStore } from './TrafficStore';

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
      /** Shared with the release actions (one registry read). */
      apps?: ProductApps;
      now?: () => Date;
    },
  ) {
    this.products = options.apps ?? new ProductApps(options);
  }

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  private readonly products: ProductApps;

  private apps(product: Product, cluster: string) {
    return this.products.apps(product, cluster);
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

  async toggle(
    product: Product,
    request: { cluster: string; paused: boolean; reason: string },
    ctx: ChangeContext,
  ): Promise<ActionResult> {
    const { entity } = product;
    if (!product.binding.tenant.clusters.includes(request.cluster)) {
      throw new InputError(
        `cluster: ${stringifyEntityRef(entity)} does not run on ${
          request.cluster
        } (its tenant has ${product.binding.tenant.clusters.join(', ')})`,
      );
    }
    const entryPoint = historyKey(product);
    return recordedChange(
      this.options.store,
      product,
      {
        kind: request.paused ? 'sync-pause' : 'sync-resume',
        what: 'pause or resume auto-sync',
        cluster: request.cluster,
        reason: request.reason,
        lock: `argocd:${stringifyEntityRef(entity)}:${request.cluster}`,
        meta: {
          switch: 'argocd-auto-sync',
          cluster: request.cluster,
          paused: request.paused,
        },
        now: this.now(),
      },
      ctx,
      async tx => {
        const apps = await this.apps(product, request.cluster);
        const writer = await this.products.target(request.cluster, 'write');
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
        const pausedWith = lastPause ? await tx.byId(lastPause.id) : undefined;
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
          await this.products.argocd
            .patch(writer, app.metadata.name, {
              spec: { syncPolicy: { automated } },
            })
            .catch(error => {
              throw new ServiceUnavailableError(
                `Argo CD of ${request.cluster} refused the change to ${app.metadata.name}: ${error.message}`,
              );
            });
        }
        return {
          before,
          auditMeta: { apps: before.map(appRecord => appRecord.name) },
        };
      },
    );
  }
}
