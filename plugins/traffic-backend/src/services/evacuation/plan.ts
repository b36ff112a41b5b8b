import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENTRY_POINT_RESOURCE_TYPE,
  EntryPointRegistration,
  isFromInfraRepo,
  TENANT_RESOURCE_TYPE,
  TenantSpec,
} from '@internal/plugin-platform-common';
import {
  EvacuationPlan,
  EvacuationPlanEntry,
  Preview,
} from '@internal/plugin-traffic-common';
import { mapLimit } from '@internal/plugin-platform-node';
import { Product, ProductBindings } from '../ProductBindings';

/** What the planner needs of the traffic service: a drain's preview. */
export interface DrainPreviewer {
  preview(
    product: Product,
    request: { kind: 'drain'; cluster: string; reason: string },
  ): Promise<Preview>;
}

/**
 * Every product with something on `cluster` by the infra repo: its entry
 * point has the cluster as a target (`by: 'entry-point'`, what a drain
 * moves) or its tenant runs there (`by: 'tenant'`, what a freeze pauses).
 * Read with `credentials`: the user's for a plan they look at (they see the
 * products they may see), the plugin's for a run.
 */
export async function productsOn(
  cluster: string,
  options: {
    catalog: CatalogService;
    bindings: ProductBindings;
    credentials: BackstageCredentials;
    by?: 'entry-point' | 'tenant';
  },
): Promise<Array<{ product?: Product; systemRef: string; error?: string }>> {
  const by = options.by ?? 'entry-point';
  const { items } = await options.catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type':
          by === 'entry-point'
            ? ENTRY_POINT_RESOURCE_TYPE
            : TENANT_RESOURCE_TYPE,
      },
    },
    { credentials: options.credentials },
  );
  const on = (entity: Entity) => {
    if (by === 'tenant') {
      return (entity.spec as unknown as TenantSpec).clusters?.includes(cluster);
    }
    return (entity.spec as unknown as EntryPointRegistration).targets?.some(
      target => target.cluster === cluster,
    );
  };
  const systems = [
    ...new Set(
      items
        // Only what the infra repo wrote decides what an action touches.
        .filter(entity => isFromInfraRepo(entity) && on(entity))
        .map(entity => String(entity.spec?.system)),
    ),
  ].sort();
  return Promise.all(
    systems.map(async systemRef => {
      try {
        const entity = await options.catalog.getEntityByRef(systemRef, {
          credentials: options.credentials,
        });
        if (!entity) {
          return { systemRef, error: `${systemRef} is not in the catalog` };
        }
        const binding = await options.bindings.of(entity, options.credentials);
        // The product's own entry point or tenant must be the one there.
        const there =
          by === 'tenant'
            ? binding.tenant.clusters.includes(cluster)
            : binding.entryPoint?.targets.some(
                target => target.cluster === cluster,
              );
        if (!there) {
          return {
            systemRef,
            error: `${systemRef}'s ${by} has nothing on ${cluster}`,
          };
        }
        return { systemRef, product: { entity, binding } };
      } catch (error) {
        return { systemRef, error: (error as Error).message };
      }
    }),
  );
}

/** Drain previews read at once while planning. */
const PREVIEWS_AT_ONCE = 4;

/**
 * The evacuation plan of a cluster: per entry point, the drain's preview —
 * weights before and after, every safety check, and why a run would skip
 * it (the checks that fail, or what could not be read). Changes nothing.
 */
export async function planEvacuation(
  cluster: string,
  options: {
    catalog: CatalogService;
    bindings: ProductBindings;
    credentials: BackstageCredentials;
    traffic: DrainPreviewer;
    now: Date;
  },
): Promise<
  EvacuationPlan & {
    /** The products planned, by entity ref. */
    products: Map<string, Product>;
    /** The longest TTL of each product's records, by entity ref. */
    ttls: Map<string, number>;
  }
> {
  const found = await productsOn(cluster, options);
  const products = new Map<string, Product>();
  const ttls = new Map<string, number>();
  // A few previews at a time: each reads its provider within a deadline,
  // and a rate-limited provider (Route 53) would hold fifty started at once
  // in its queue past theirs.
  const entries = await mapLimit(
    found,
    PREVIEWS_AT_ONCE,
    async ({ product, systemRef, error }) => {
      if (!product) return unreadable(systemRef, systemRef, error!);
      const { entity, binding } = product;
      products.set(binding.entityRef, product);
      try {
        const preview = await options.traffic.preview(product, {
          kind: 'drain',
          cluster,
          reason: `evacuation plan of ${cluster}`,
        });
        ttls.set(
          binding.entityRef,
          Math.max(0, ...preview.recordsBefore.map(record => record.ttl ?? 0)),
        );
        const failing = preview.checks.filter(check => check.status === 'fail');
        const entry: EvacuationPlanEntry = {
          ...describe(entity),
          entryPoint: binding.entryPoint!.name,
          version: preview.version,
          weightsBefore: preview.weightsBefore,
          weightsAfter: preview.weightsAfter,
          checks: preview.checks,
          allowed: preview.allowed,
          skipReason: preview.allowed
            ? undefined
            : failing
                .map(check => `${check.title}: ${check.detail}`)
                .join('; '),
        };
        return entry;
      } catch (caught) {
        return {
          ...unreadable(
            binding.entityRef,
            binding.entryPoint!.name,
            (caught as Error).message,
          ),
          ...describe(entity),
        };
      }
    },
  );
  return {
    cluster,
    entries: entries.sort((left, right) =>
      left.entryPoint.localeCompare(right.entryPoint),
    ),
    generatedAt: options.now.toISOString(),
    products,
    ttls,
  };
}

function describe(entity: Entity) {
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    owner:
      typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
  };
}

/** An entry point the plan could not read: a run skips it, saying why. */
function unreadable(
  entityRef: string,
  entryPoint: string,
  reason: string,
): EvacuationPlanEntry {
  return {
    entityRef,
    title: entityRef,
    entryPoint,
    weightsBefore: {},
    weightsAfter: {},
    checks: [],
    allowed: false,
    skipReason: `could not be planned: ${reason}`,
  };
}
