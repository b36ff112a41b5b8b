import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Forge } from '@internal/plugin-forge-node';
import { ArgoCdApplication, RecentReads } from '@internal/plugin-platform-node';
import {
  AbortRequest,
  ActionResult,
  PromoteRequest,
  PromotionsRequest,
  ProviderRecord,
  ReleaseCluster,
  ReleaseView,
  ServiceRelease,
} from '@internal/plugin-traffic-common';
import { ChangeContext, recordedChange } from '../recordedChange';
import { ProductApps } from '../productApps';
import { Product } from '../ProductBindings';
import { ActionRecord, TrafficStore } from '../TrafficStore';
import {
  promotionsFile,
  readReleaseFiles,
  ReleaseFiles,
  ringOrder,
  servicesFile,
  ServiceRings,
  writePaused,
  writeRingTag,
} from './releaseFiles';

/** The label Argo CD's services ApplicationSet gives each service's application. */
const SERVICE_LABEL = 'app.kubernetes.io/name';

/**
 * Shipping a version, governed like the failover button (docs/shipping.md):
 * promote a tag to the next upgrade ring and pause or resume promotions —
 * both pull requests on the infra repo, as the product's own workflows open
 * them, so Git stays the only way a version moves and its reviewers still
 * decide — and abort a canary on one cluster, through Argo CD's Rollout
 * `abort` action with the cluster's Argo CD write token. The caller has
 * checked `traffic.entrypoint.shift` on the product; a reason is required;
 * an idempotency key makes a retry harmless; every attempt is audited and
 * kept in the product's history.
 *
 * What an action touches comes from the infra repo only: the tenant's folder
 * (its `services/<service>.yaml` and `promotions.yaml`), its clusters, and
 * its applications (ProductApps) — nothing the product's catalog entry says.
 */
export class ReleaseService {
  private readonly files = new RecentReads<ReleaseFiles>({
    ttlMs: 5_000,
    timeoutMs: 30_000,
  });

  constructor(
    private readonly options: {
      forge: Forge;
      infraRepo: string;
      apps: ProductApps;
      store: TrafficStore;
      /** Asks the fleet to read a product's column again (after an abort). */
      onChanged?: (entityRef: string, source: string) => void;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Runs `work` on a fresh checkout of the infra repo's default branch. */
  private async withCheckout<T>(work: (root: string) => Promise<T> | T) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-release-'));
    const root = path.join(parent, 'infra');
    try {
      await this.options.forge
        .checkout(this.options.infraRepo, root)
        .catch(error => {
          throw new ServiceUnavailableError(
            `could not read the infra repo ${this.options.infraRepo}: ${error.message}`,
          );
        });
      return await work(root);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  }

  /** The tenant's release files; `renew` for a change, which must not act on a kept reading. */
  private releaseFiles({ binding }: Product, renew = false) {
    const tenantPath = binding.tenant.path;
    return this.files.get(
      tenantPath,
      () => this.withCheckout(root => readReleaseFiles(root, tenantPath)),
      undefined,
      { renew },
    );
  }

  /** The product's clusters per upgrade ring, from the registry. */
  private async clustersByRing(product: Product) {
    const { clusters } = product.binding.tenant;
    const registered = await this.options.apps.registered(clusters);
    const byRing = new Map<string, string[]>();
    for (const cluster of clusters) {
      const ring = registered.get(cluster)?.upgradeRing;
      if (!ring) continue;
      byRing.set(ring, [...(byRing.get(ring) ?? []), cluster]);
    }
    return byRing;
  }

  /** A service's application among the product's applications on a cluster. */
  private static appOf(apps: ArgoCdApplication[], service: string) {
    return apps.find(app => app.metadata.labels?.[SERVICE_LABEL] === service);
  }

  /** The Rollout of a service, as Argo CD's resource endpoints name it. */
  private static rolloutOf({ binding }: Product, service: string) {
    return {
      namespace: binding.tenant.namespace,
      resourceName: service,
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Rollout',
    };
  }

  /** Whether Argo CD offers to abort the service's Rollout now, and why not. */
  private async abortOffer(
    product: Product,
    cluster: string,
    app: ArgoCdApplication,
    service: string,
  ): Promise<{ offered: boolean; why?: string }> {
    const target = await this.options.apps.target(cluster, 'read');
    const actions = await this.options.apps.argocd
      .resourceActions(
        target,
        app.metadata.name,
        ReleaseService.rolloutOf(product, service),
      )
      .catch(error => {
        throw new ServiceUnavailableError(
          `${cluster}'s Argo CD did not say which actions ${service}'s Rollout has: ${error.message}`,
        );
      });
    const abort = actions.find(action => action.name === 'abort');
    if (!abort) {
      return {
        offered: false,
        why: `Argo CD offers no abort for ${service}'s Rollout on ${cluster} (is it a Rollout?)`,
      };
    }
    if (abort.disabled) {
      return {
        offered: false,
        why: `nothing to abort: ${service} on ${cluster} is fully promoted, or its canary is already aborted`,
      };
    }
    return { offered: true };
  }

  /** One service's application on one cluster, as the release view shows it. */
  private async clusterRelease(
    product: Product,
    cluster: string,
    apps: ArgoCdApplication[] | Error,
    rings: ServiceRings,
    tag: string,
  ): Promise<ReleaseCluster> {
    if (apps instanceof Error) {
      return {
        cluster,
        runsTag: false,
        images: [],
        abortable: false,
        error: apps.message,
      };
    }
    const app = ReleaseService.appOf(apps, rings.service);
    if (!app) {
      return {
        cluster,
        runsTag: false,
        images: [],
        abortable: false,
        error: `no Argo CD application of ${rings.service} on ${cluster}`,
      };
    }
    const images = app.status?.summary?.images ?? [];
    const health = app.status?.health?.status;
    // Only a rollout that is not Healthy can have a canary to abort: the
    // others are not asked (one Argo CD call per unsettled service).
    let abortable = false;
    let error: string | undefined;
    if (health && health !== 'Healthy') {
      try {
        abortable = (
          await this.abortOffer(product, cluster, app, rings.service)
        ).offered;
      } catch (caught) {
        error = `could not ask Argo CD which actions it offers: ${
          (caught as Error).message
        }`;
      }
    }
    return {
      cluster,
      app: app.metadata.name,
      sync: app.status?.sync?.status,
      health,
      runsTag: images.includes(`${rings.image}:${tag}`),
      images,
      abortable,
      ...(error && { error }),
    };
  }

  /** Why a ring is not yet Synced and Healthy on a tag, or undefined when it is. */
  private static notReady(
    ring: { ring: string; tag: string; clusters: ReleaseCluster[] },
    service: string,
  ): string | undefined {
    if (ring.clusters.length === 0) {
      return `${ring.ring} has none of the product's clusters, so nothing has run ${ring.tag} there`;
    }
    const waiting = ring.clusters.flatMap(cluster => {
      if (cluster.error) return [`${cluster.cluster}: ${cluster.error}`];
      const said: string[] = [];
      if (cluster.sync !== 'Synced') said.push(cluster.sync ?? 'sync unknown');
      if (cluster.health !== 'Healthy')
        said.push(cluster.health ?? 'health unknown');
      if (!cluster.runsTag) said.push(`not on ${ring.tag}`);
      return said.length ? [`${cluster.cluster}: ${said.join(', ')}`] : [];
    });
    return waiting.length
      ? `${service} on ${ring.ring} is not yet Synced and Healthy on ${
          ring.tag
        } (${waiting.join('; ')})`
      : undefined;
  }

  /** A service's rings, each with what Argo CD reports on its clusters. */
  private async serviceRelease(
    product: Product,
    rings: ServiceRings,
    byRing: Map<string, string[]>,
    appsOf: Map<string, ArgoCdApplication[] | Error>,
  ): Promise<ServiceRelease> {
    const order = ringOrder(Object.keys(rings.rings));
    const shown = await Promise.all(
      order.map(async ring => ({
        ring,
        tag: rings.rings[ring],
        clusters: await Promise.all(
          (byRing.get(ring) ?? []).map(cluster =>
            this.clusterRelease(
              product,
              cluster,
              appsOf.get(cluster)!,
              rings,
              rings.rings[ring],
            ),
          ),
        ),
      })),
    );
    // The next promotion: the first ring behind the ring before it.
    const at = shown.findIndex(
      (ring, index) => index > 0 && ring.tag !== shown[index - 1].tag,
    );
    if (at < 0) return { ...rings, rings: shown };
    const from = shown[at - 1];
    const why = ReleaseService.notReady(from, rings.service);
    return {
      ...rings,
      rings: shown,
      promotion: {
        from: from.ring,
        to: shown[at].ring,
        tag: from.tag,
        ready: !why,
        reason:
          why ??
          `${from.ring} runs ${from.tag}, Synced and Healthy on every cluster (its canary passed)`,
      },
    };
  }

  /** The product's applications per cluster; a cluster that fails says so in place. */
  private async appsByCluster(product: Product) {
    const out = new Map<string, ArgoCdApplication[] | Error>();
    await Promise.all(
      product.binding.tenant.clusters.map(async cluster => {
        out.set(
          cluster,
          await this.options.apps
            .apps(product, cluster)
            .catch(error => error as Error),
        );
      }),
    );
    return out;
  }

  async view(
    product: Product,
    permission: ReleaseView['permission'],
  ): Promise<ReleaseView> {
    const promotionsPath = promotionsFile(product.binding.tenant.path);
    const empty: ReleaseView = {
      paused: false,
      promotionsFile: promotionsPath,
      services: [],
      pullRequests: [],
      problems: [],
      permission,
    };
    let files: ReleaseFiles;
    try {
      files = await this.releaseFiles(product);
    } catch (error) {
      return { ...empty, error: (error as Error).message };
    }
    const [byRing, appsOf, pullRequests] = await Promise.all([
      this.clustersByRing(product),
      this.appsByCluster(product),
      this.openPullRequests(product, files).catch(() => []),
    ]);
    // A cluster in no ring the files name gets no version: say so.
    const named = new Set(
      files.services.flatMap(service => Object.keys(service.rings)),
    );
    const unringed = product.binding.tenant.clusters.filter(
      cluster =>
        ![...byRing].some(
          ([ring, members]) => named.has(ring) && members.includes(cluster),
        ),
    );
    return {
      ...empty,
      paused: files.paused,
      problems: [
        ...files.problems,
        ...unringed.map(
          cluster =>
            `${cluster} is in no upgrade ring the service files name (its registry entry's upgradeRing), so no release reaches it`,
        ),
      ],
      pullRequests,
      services: await Promise.all(
        files.services.map(rings =>
          this.serviceRelease(product, rings, byRing, appsOf),
        ),
      ),
    };
  }

  /** Open pull requests on the infra repo that change this product's release files. */
  private async openPullRequests(product: Product, files: ReleaseFiles) {
    const mine = new Set([
      ...files.services.map(service => service.file),
      promotionsFile(product.binding.tenant.path),
    ]);
    const open = await this.options.forge.listPullRequests(
      this.options.infraRepo,
    );
    return open
      .filter(
        pr =>
          pr.state === 'open' && (pr.files ?? []).some(file => mine.has(file)),
      )
      .map(pr => ({ url: pr.url, title: pr.title, branch: pr.branch }));
  }

  /** The shared guard rails, one lock per product for every release change. */
  private recorded(
    product: Product,
    change: {
      kind: ActionRecord['kind'];
      what: string;
      cluster?: string;
      reason: string;
      meta: Record<string, unknown>;
    },
    ctx: ChangeContext,
    work: () => Promise<{ records: ProviderRecord[] }>,
  ) {
    return recordedChange(
      this.options.store,
      product,
      {
        ...change,
        lock: `release:${stringifyEntityRef(product.entity)}`,
        now: this.now(),
      },
      ctx,
      async () => ({ after: (await work()).records }),
    );
  }

  /** The service's rings on the default branch, refusing a service the tenant does not have. */
  private async serviceRings(product: Product, service: string) {
    const file = servicesFile(product.binding.tenant.path, service);
    const files = await this.releaseFiles(product, true);
    const rings = files.services.find(found => found.file === file);
    if (!rings) {
      throw new InputError(
        `service: ${service} is not one of ${stringifyEntityRef(
          product.entity,
        )}'s services in the infra repo (${
          product.binding.tenant.path
        }/services)`,
      );
    }
    return { files, rings };
  }

  /** Opens the pull request `edit` makes on a checkout, touching only `file`. */
  private async pullRequest(
    file: string,
    pr: { branch: string; title: string; description: string },
    actor: string,
    edit: (root: string) => void,
  ): Promise<ProviderRecord[]> {
    const { forge, infraRepo } = this.options;
    return this.withCheckout(async root => {
      edit(root);
      const changed = await forge.diff(infraRepo, root);
      if (changed.some(changedFile => changedFile !== file)) {
        // Never more than the one file: what the permission check covered.
        throw new Error(`the change would touch ${changed.join(', ')}`);
      }
      const name = actor.replace(/^user:(default\/)?/, '');
      const { pullRequest } = await forge.openPullRequest(infraRepo, root, {
        ...pr,
        author: {
          name,
          email: `${name}@users.noreply.invalid`,
          ref: actor,
        },
      });
      return [
        {
          name: pullRequest.url,
          type: 'pull-request',
          content: [pullRequest.title, file],
        },
      ];
    });
  }

  async promote(
    product: Product,
    request: PromoteRequest,
    ctx: ChangeContext,
  ): Promise<ActionResult> {
    return this.recorded(
      product,
      {
        kind: 'promote',
        what: 'promote a version',
        reason: request.reason,
        meta: {
          release: 'promote',
          service: request.service,
          ring: request.ring,
        },
      },
      ctx,
      async () => {
        const { files, rings } = await this.serviceRings(
          product,
          request.service,
        );
        const order = ringOrder(Object.keys(rings.rings));
        const at = order.indexOf(request.ring);
        if (at < 0) {
          throw new InputError(
            `ring: ${rings.file} has no ${
              request.ring
            } (its rings: ${order.join(', ')})`,
          );
        }
        if (at === 0) {
          throw new InputError(
            `ring: ${request.ring} is the first ring; a release reaches it from the product's release workflow`,
          );
        }
        if (files.paused) {
          throw new ConflictError(
            `promotions of ${
              product.entity.metadata.name
            } are paused (${promotionsFile(
              product.binding.tenant.path,
            )}); resume them first`,
          );
        }
        const from = order[at - 1];
        const tag = rings.rings[from];
        if (rings.rings[request.ring] === tag) {
          throw new ConflictError(
            `${request.ring} already runs ${request.service} ${tag}`,
          );
        }
        // The judge: the previous ring, as Argo CD reports it now.
        const byRing = await this.clustersByRing(product);
        const clusters = await Promise.all(
          (byRing.get(from) ?? []).map(async cluster =>
            this.clusterRelease(
              product,
              cluster,
              await this.options.apps
                .apps(product, cluster)
                .catch(error => error as Error),
              rings,
              tag,
            ),
          ),
        );
        const why = ReleaseService.notReady(
          { ring: from, tag, clusters },
          request.service,
        );
        if (why) throw new ConflictError(`${why}; ${request.ring} waits`);
        return {
          records: await this.pullRequest(
            rings.file,
            {
              // The branch the product's promotion workflow uses: the
              // portal and the workflow update one pull request.
              branch: `promote/${request.service}-${request.ring}`,
              title: `Promote ${request.service} ${tag} to ${request.ring}`,
              description: `${from} runs ${tag}, Synced and Healthy (canary passed) on ${clusters
                .map(cluster => cluster.cluster)
                .join(', ')}.\n\nRequested in the portal by ${
                ctx.actor
              }: ${request.reason.trim()}`,
            },
            ctx.actor,
            root => writeRingTag(root, rings.file, request.ring, tag),
          ),
        };
      },
    );
  }

  async setPromotions(
    product: Product,
    request: PromotionsRequest,
    ctx: ChangeContext,
  ): Promise<ActionResult> {
    const name = product.entity.metadata.name;
    const verb = request.paused ? 'Pause' : 'Resume';
    return this.recorded(
      product,
      {
        kind: request.paused ? 'promotions-pause' : 'promotions-resume',
        what: 'pause or resume promotions',
        reason: request.reason,
        meta: { release: 'promotions', paused: request.paused },
      },
      ctx,
      async () => {
        const files = await this.releaseFiles(product, true);
        if (files.paused === request.paused) {
          throw new ConflictError(
            `promotions of ${name} are already ${
              request.paused ? 'paused' : 'on'
            }`,
          );
        }
        const file = promotionsFile(product.binding.tenant.path);
        return {
          records: await this.pullRequest(
            file,
            {
              branch: `promotions/${name}`,
              title: `${verb} promotions of ${name}`,
              description: `${
                request.paused
                  ? 'No version moves to a later ring until this is reverted; ring-0 still receives releases.'
                  : 'Versions move from ring to ring again once the previous ring is healthy.'
              }\n\nRequested in the portal by ${
                ctx.actor
              }: ${request.reason.trim()}`,
            },
            ctx.actor,
            root =>
              writePaused(root, product.binding.tenant.path, request.paused),
          ),
        };
      },
    );
  }

  async abort(
    product: Product,
    request: AbortRequest,
    ctx: ChangeContext,
  ): Promise<ActionResult> {
    const { cluster, service } = request;
    return this.recorded(
      product,
      {
        kind: 'rollout-abort',
        what: 'abort a canary',
        cluster,
        reason: request.reason,
        meta: { release: 'abort', service, cluster },
      },
      ctx,
      async () => {
        if (!product.binding.tenant.clusters.includes(cluster)) {
          throw new InputError(
            `cluster: ${stringifyEntityRef(
              product.entity,
            )} does not run on ${cluster} (its tenant has ${product.binding.tenant.clusters.join(
              ', ',
            )})`,
          );
        }
        await this.serviceRings(product, service);
        const app = ReleaseService.appOf(
          await this.options.apps.apps(product, cluster),
          service,
        );
        if (!app) {
          throw new InputError(
            `no Argo CD application of ${service} on ${cluster}`,
          );
        }
        const offer = await this.abortOffer(product, cluster, app, service);
        if (!offer.offered) throw new ConflictError(offer.why!);
        const rollout = ReleaseService.rolloutOf(product, service);
        await this.options.apps.argocd
          .runResourceAction(
            await this.options.apps.target(cluster, 'write'),
            app.metadata.name,
            rollout,
            'abort',
          )
          .catch(error => {
            throw new ServiceUnavailableError(
              `Argo CD of ${cluster} refused to abort ${service}: ${error.message}`,
            );
          });
        this.options.onChanged?.(stringifyEntityRef(product.entity), 'rollout');
        return {
          records: [
            {
              name: `${rollout.namespace}/${service}`,
              type: 'Rollout',
              content: [`abort via Argo CD application ${app.metadata.name}`],
            },
          ],
        };
      },
    );
  }
}
