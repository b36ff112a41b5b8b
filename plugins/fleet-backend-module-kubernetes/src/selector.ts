import { Entity } from '@backstage/catalog-model';
import { annotations } from '@internal/plugin-platform-common';

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

/** What a source answers for an entity that names no workloads. */
export const NO_WORKLOADS = {
  status: 'unknown',
  summary: `no ${annotations.kubernetesId} annotation`,
} as const;

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
