import { Entity } from '@backstage/catalog-model';
import { partOf } from '@internal/plugin-fleet-node';
import {
  annotations,
  matchesLabelSelector,
  parseLabelSelector,
} from '@internal/plugin-platform-common';

/**
 * Which workloads belong to an entity, in the core Kubernetes plugin's own
 * terms: `backstage.io/kubernetes-label-selector`, else
 * `backstage.io/kubernetes-id`; and `backstage.io/kubernetes-namespace`.
 */
export function workloadSelector(entity: Entity): {
  namespace?: string;
  labelSelector?: string;
} {
  const annotated = entity.metadata.annotations ?? {};
  const id = annotated[annotations.kubernetesId];
  return {
    namespace: annotated[annotations.kubernetesNamespace],
    labelSelector:
      annotated[annotations.kubernetesLabelSelector] ??
      (id ? `${annotations.kubernetesId}=${id}` : undefined),
  };
}

/**
 * What the fleet lists on a cluster: every object of a product carries
 * `app.kubernetes.io/part-of` (the product template's kustomization puts it
 * on each object and pod template), so one list per kind and cluster holds
 * every product's workloads and nothing of the platform's.
 */
export const PRODUCT_WORKLOADS = 'app.kubernetes.io/part-of';

/** What a source answers for an entity that names no workloads. */
export const NO_WORKLOADS = {
  status: 'unknown',
  summary: `no ${annotations.kubernetesId} annotation`,
} as const;

/** An object as a cluster-wide list returns it. */
export interface ListedObject {
  metadata?: {
    namespace?: string;
    labels?: Record<string, string>;
  };
}

/**
 * Picks the entity's objects out of a cluster's lists: in its namespace
 * (`inNamespace`) and matching its label selector (`owns`). Or, when it
 * names no workloads or its selector does not parse, the cell that says so.
 */
export function entityObjects(entity: Entity):
  | {
      namespace?: string;
      labelSelector: string;
      inNamespace(namespace?: string): boolean;
      owns(object: ListedObject): boolean;
      /** The entity's objects in a cluster-wide list (`owns`, by namespace first). */
      pick<T extends ListedObject>(list: readonly T[]): T[];
    }
  | { unknown: { status: 'unknown'; summary: string } } {
  const selector = workloadSelector(entity);
  if (!selector.labelSelector) return { unknown: NO_WORKLOADS };
  try {
    const requirements = parseLabelSelector(selector.labelSelector);
    const inNamespace = (namespace?: string) =>
      !selector.namespace || namespace === selector.namespace;
    const owns = (object: ListedObject) =>
      inNamespace(object.metadata?.namespace) &&
      matchesLabelSelector(object.metadata?.labels, requirements);
    return {
      namespace: selector.namespace,
      labelSelector: selector.labelSelector,
      inNamespace,
      owns,
      // The namespace's part of the list is worked out once per list.
      pick: list =>
        (selector.namespace
          ? partOf(list, `namespace:${selector.namespace}`, object =>
              inNamespace(object.metadata?.namespace),
            )
          : list
        ).filter(owns),
    };
  } catch (error) {
    return {
      unknown: {
        status: 'unknown',
        summary: `${selector.labelSelector} is not a label selector: ${
          (error as Error).message
        }`,
      },
    };
  }
}

export function listPath(
  group: string,
  resource: string,
  selector: {
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
  },
) {
  const prefix = group === '' ? '/api/v1' : `/apis/${group}`;
  const ns = selector.namespace
    ? `/namespaces/${encodeURIComponent(selector.namespace)}`
    : '';
  const params = new URLSearchParams();
  if (selector.labelSelector) {
    params.set('labelSelector', selector.labelSelector);
  }
  if (selector.fieldSelector) {
    params.set('fieldSelector', selector.fieldSelector);
  }
  const query = params.size ? `?${params}` : '';
  return `${prefix}${ns}/${resource}${query}`;
}
