import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  annotations,
  ENTRY_POINT_RESOURCE_TYPE,
  EntryPointRegistration,
  fullRef,
  isFromInfraRepo,
  TENANT_RESOURCE_TYPE,
  TenantSpec,
} from '@internal/plugin-platform-common';
import { ClusterRegistrations } from '@internal/plugin-platform-node';
import {
  EntryPointBinding,
  entryPointFromRegistration,
  EntryPointSpec,
} from '@internal/plugin-traffic-common';

/** What a product may be acted on through: its tenant and entry point, from the infra repo. */
export interface ProductBinding {
  entityRef: string;
  tenant: TenantSpec;
  /** Absent when the infra repo gives the product no entry point. */
  entryPoint?: EntryPointSpec;
}

/** A product with what the infra repo lets the portal touch of it. */
export interface Product {
  entity: Entity;
  binding: ProductBinding;
}

/**
 * Resolves what a traffic action or the auto-sync kill switch touches for a
 * product. The answer comes from the infra repo's tenant and EntryPoint
 * (catalog Resources only the infra-repo provider may write), and only when
 * the owner the infra repo records is the product's owner in the catalog —
 * so the permission checked on the product covers the records and the
 * applications the action changes. Nothing here reads a product's own
 * `trinity.io/*` annotations except the entry-point claim, which only picks
 * among entry points the infra repo already gives the product.
 */
export class ProductBindings {
  static fromConfig(config: Config, catalog: CatalogService) {
    const registrations = ClusterRegistrations.fromConfig(config);
    const zones = config.getOptionalConfigArray('trinity.publicZones') ?? [];
    return new ProductBindings(catalog, {
      zoneProviders: Object.fromEntries(
        zones.map(zone => [
          zone.getString('name'),
          zone.getOptionalString('provider'),
        ]),
      ),
      ingressOf: cluster =>
        registrations.of(cluster)?.getOptionalString('ingress'),
    });
  }

  constructor(
    private readonly catalog: CatalogService,
    private readonly binding: EntryPointBinding,
  ) {}

  async of(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ProductBinding> {
    const entityRef = stringifyEntityRef(entity);
    if (entity.kind.toLocaleLowerCase('en-US') !== 'system') {
      throw new NotFoundError(
        `traffic and auto-sync act on a product (a System); ${entityRef} is a ${entity.kind}`,
      );
    }
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string') {
      throw new NotFoundError(`${entityRef} has no owner`);
    }
    const [tenantEntity] = await this.infraResources(
      TENANT_RESOURCE_TYPE,
      entityRef,
      credentials,
    );
    if (!tenantEntity) {
      throw new NotFoundError(
        `${entityRef} has no tenant in the infra repo (tenants/${entity.metadata.name}): until its infra pull request is merged the portal changes nothing of it`,
      );
    }
    const tenant = tenantEntity.spec as unknown as TenantSpec;
    this.sameOwner(entityRef, owner, tenant.owner, `tenant ${tenant.path}`);

    const registrations = (
      await this.infraResources(
        ENTRY_POINT_RESOURCE_TYPE,
        entityRef,
        credentials,
      )
    )
      .map(resource => resource.spec as unknown as EntryPointRegistration)
      .sort((left, right) => left.hostname.localeCompare(right.hostname));
    const claim = entity.metadata.annotations?.[annotations.entryPoint]
      ?.trim()
      .toLocaleLowerCase('en-US')
      .replace(/\.$/, '');
    const registration = claim
      ? registrations.find(entryPoint => entryPoint.hostname === claim)
      : registrations[0];
    if (claim && !registration) {
      throw new NotFoundError(
        `${entityRef} claims the entry point ${claim}, but the infra repo gives it ${
          registrations.map(entryPoint => entryPoint.hostname).join(', ') ||
          'none'
        }`,
      );
    }
    if (!registration) return { entityRef, tenant };
    this.sameOwner(entityRef, owner, registration.owner, registration.path);
    return {
      entityRef,
      tenant,
      entryPoint: entryPointFromRegistration(
        registration,
        entity,
        this.binding,
      ),
    };
  }

  /** The tenant or entry-point Resources of a product, only as the infra-repo provider wrote them. */
  private async infraResources(
    type: string,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': type,
          'spec.system': entityRef,
        },
      },
      { credentials },
    );
    return items.filter(isFromInfraRepo);
  }

  private sameOwner(
    entityRef: string,
    catalogOwner: string,
    infraOwner: string,
    source: string,
  ) {
    if (fullRef(catalogOwner, 'group') !== fullRef(infraOwner, 'group')) {
      throw new NotAllowedError(
        `the infra repo (${source}) records ${infraOwner} as the owner, but the catalog names ${catalogOwner} as ${entityRef}'s owner; the portal acts on it only when the two agree`,
      );
    }
  }
}
