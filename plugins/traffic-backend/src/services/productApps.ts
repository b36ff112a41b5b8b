import { AuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { cannotReach } from '@internal/plugin-platform-common';
import {
  ArgoCdAccess,
  ArgoCdApplication,
  ArgoCdClient,
  ArgoCdTarget,
  ClusterDirectory,
  RegisteredCluster,
} from '@internal/plugin-platform-node';
import { Product } from './ProductBindings';

/**
 * A product's Argo CD applications on a cluster, as its tenant in the infra
 * repo defines them — its services' ApplicationSet's label selector, and
 * only applications in the tenant team's AppProject — never a selector the
 * product's own catalog entry names. Shared by the auto-sync kill switch
 * and the release actions, so both act on exactly the same applications.
 * Reads use the cluster's Argo CD read token, changes its write token
 * (docs/security.md#argo-cd-tokens); a cluster without its own Argo CD is
 * reached through the central one.
 */
export class ProductApps {
  readonly argocd: ArgoCdClient;
  private readonly clusters: ClusterDirectory;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    config: RootConfigService;
  }) {
    this.argocd = new ArgoCdClient(options.config);
    this.clusters = new ClusterDirectory({
      catalog: options.catalog,
      auth: options.auth,
    });
  }

  /** The registry's entries of these clusters (missing ones left out). */
  async registered(names: string[]): Promise<Map<string, RegisteredCluster>> {
    return this.clusters.byName(names);
  }

  /** Where a cluster's applications are, for reading or changing them. */
  async target(cluster: string, access: ArgoCdAccess): Promise<ArgoCdTarget> {
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
  async apps(
    { binding }: Product,
    cluster: string,
  ): Promise<ArgoCdApplication[]> {
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
}
