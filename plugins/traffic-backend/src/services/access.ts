import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  trafficEvacuatePermission,
  trafficReadPermission,
  trafficShiftPermission,
} from '@internal/plugin-traffic-common';
import { Product, ProductBindings } from './ProductBindings';

type AuditRequest = Parameters<AuditorService['createEvent']>[0]['request'];

/**
 * Who may read and change a product's traffic, decided with the caller's
 * own credentials: one place for the HTTP API and the actions agents call
 * (MCP), so an agent gets exactly the guard rails a person gets. Reading
 * needs `traffic.entrypoint.read`; changing needs `traffic.entrypoint.shift`
 * and is audited whatever its outcome. What a change touches is the
 * product's by the infra repo (ProductBindings), so the check on the
 * product covers it.
 */
export class TrafficAccess {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      bindings: ProductBindings;
      permissions: PermissionsService;
      auditor: AuditorService;
    },
  ) {}

  async productOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Product> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return {
      entity,
      binding: await this.options.bindings.of(entity, credentials),
    };
  }

  private async decide(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async mayShift(entity: Entity, credentials: BackstageCredentials) {
    const entityRef = stringifyEntityRef(entity);
    if (await this.decide(trafficShiftPermission, entityRef, credentials)) {
      return { allowed: true };
    }
    // Said in people's words: the team and the product by name.
    const owner = String(entity.spec?.owner ?? 'the owner group');
    const team = owner.replace(/^group:(default\/)?/, '');
    const product = entity.metadata.title ?? entity.metadata.name;
    return {
      allowed: false,
      reason: `only members of ${team}, the on-call group and platform admins may shift the traffic of ${product}`,
    };
  }

  /** The product, once `traffic.entrypoint.read` allows the caller to read it. */
  async readable(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Product> {
    if (!(await this.decide(trafficReadPermission, entityRef, credentials))) {
      throw new NotAllowedError(`you may not read the traffic of ${entityRef}`);
    }
    return this.productOf(entityRef, credentials);
  }

  /**
   * The guard rails every change shares: the permission, checked with the
   * user's credentials before anything else is read, and an audit event
   * (created failed when denied). `via` names what the change came through
   * when it is not the HTTP API (an action an agent called).
   */
  async changeable(
    entityRef: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    event: {
      eventId: string;
      denialMeta: Record<string, unknown>;
      request?: AuditRequest;
      via?: string;
    },
  ) {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const actor = credentials.principal.userEntityRef;
    const audit = (meta: Record<string, unknown>) =>
      this.options.auditor.createEvent({
        eventId: event.eventId,
        severityLevel: 'high',
        request: event.request,
        meta: {
          entityRef,
          // Without a request the auditor cannot tell who: say it here.
          ...(event.via && { actor, via: event.via }),
          ...meta,
        },
      });
    const permission = await this.mayShift(entity, credentials);
    if (!permission.allowed) {
      const denied = new NotAllowedError(permission.reason);
      await (await audit(event.denialMeta)).fail({ error: denied });
      throw denied;
    }
    return {
      actor,
      product: {
        entity,
        binding: await this.options.bindings.of(entity, credentials),
      },
      audit,
    };
  }

  /**
   * Evacuating a cluster, resuming or returning it: `traffic.cluster.evacuate`
   * (platform on-call and admins) with the user's credentials, audited
   * (`cluster-evacuation`) whatever the answer.
   */
  async evacuator(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    meta: Record<string, unknown>,
    from: { request?: AuditRequest; via?: string } = {},
  ) {
    const actor = credentials.principal.userEntityRef;
    const event = await this.options.auditor.createEvent({
      eventId: 'cluster-evacuation',
      severityLevel: 'high',
      request: from.request,
      meta: { ...(from.via && { actor, via: from.via }), ...meta },
    });
    const [decision] = await this.options.permissions.authorize(
      [{ permission: trafficEvacuatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const denied = new NotAllowedError(
        'only platform on-call and platform admins may evacuate a cluster or return its traffic',
      );
      await event.fail({ error: denied });
      throw denied;
    }
    return { actor, event };
  }
}
