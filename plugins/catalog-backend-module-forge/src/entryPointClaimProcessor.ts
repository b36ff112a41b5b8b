import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import {
  annotations,
  ENTRY_POINT_RESOURCE_TYPE,
  fullRef,
  INFRA_LOCATION_TYPE,
  TENANT_RESOURCE_TYPE,
} from '@internal/plugin-platform-common';
import { InfraTenants } from '@internal/plugin-forge-node';

/**
 * Keeps what the infra repo decides out of the reach of a product's own
 * files:
 *
 * - a `tenant` or `entry-point` Resource is accepted only from the
 *   infra-repo provider (a product repository or a registered location
 *   cannot declare one);
 * - a product's `trinity.io/entry-point` claim of a hostname that the infra
 *   repo gives another product is refused, with the owner named, on the
 *   claiming entity.
 */
export class EntryPointClaimProcessor implements CatalogProcessor {
  constructor(
    private readonly registry: { current(): Promise<InfraTenants> },
  ) {}

  getProcessorName() {
    return 'EntryPointClaimProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
  ): Promise<Entity> {
    const type = entity.spec?.type;
    if (
      entity.kind === 'Resource' &&
      (type === TENANT_RESOURCE_TYPE || type === ENTRY_POINT_RESOURCE_TYPE) &&
      location.type !== INFRA_LOCATION_TYPE
    ) {
      throw new NotAllowedError(
        `${stringifyEntityRef(
          entity,
        )}: a ${type} comes only from the infra repo (through its pull requests), not from ${
          location.type
        }:${location.target}`,
      );
    }
    const claim = entity.metadata.annotations?.[annotations.entryPoint];
    if (!claim) return entity;
    const hostname = claim.trim().toLocaleLowerCase('en-US').replace(/\.$/, '');
    let registered;
    try {
      registered = (await this.registry.current()).entryPoints.find(
        entry => entry.hostname === hostname,
      );
    } catch {
      // The infra repo cannot be read now: the claim is not judged, and it
      // gives nothing either (traffic actions read the infra repo's entry
      // points, never this annotation).
      return entity;
    }
    if (!registered) return entity;
    if (productOf(entity) !== fullRef(registered.system, 'system')) {
      throw new InputError(
        `${annotations.entryPoint}: ${hostname} belongs to ${
          registered.system
        } (owner ${registered.owner}, infra repo ${
          registered.path
        }); ${stringifyEntityRef(entity)} cannot claim it`,
      );
    }
    return entity;
  }
}

/** The product an entity belongs to: itself for a System, else its spec.system. */
function productOf(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'system') {
    return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  }
  const system = entity.spec?.system;
  if (typeof system !== 'string') return undefined;
  try {
    return fullRef(system, 'system');
  } catch {
    return undefined;
  }
}
