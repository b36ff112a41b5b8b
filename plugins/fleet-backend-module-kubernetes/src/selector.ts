import { Entity } from '@backstage/catalog-model';

/**
 * Which workloads belong to an entity, in the core Kubernetes plugin's own
 * terms: `backstage.io/kubernetes-label-selector`, else
 * `backstage.io/kubernetes-id`; and `backstage.io/kubernetes-namespace`.
 */
export function workloadSelector(entity: Entity): {
  namespace?: string;
  labelSelector?: string;
} {
  const a = entity.metadata.annotations ?? {};
  const id = a['backstage.io/kubernetes-id'];
  return {
    namespace: a['backstage.io/kubernetes-namespace'],
    labelSelector:
      a['backstage.io/kubernetes-label-selector'] ??
      (id ? `backstage.io/kubernetes-id=${id}` : undefined),
  };
}

export function listPath(
  group: string,
  resource: string,
  selector: { namespace?: string; labelSelector?: string },
) {
  const prefix = group === '' ? '/api/v1' : `/apis/${group}`;
  const ns = selector.namespace
    ? `/namespaces/${encodeURIComponent(selector.namespace)}`
    : '';
  const query = selector.labelSelector
    ? `?${new URLSearchParams({ labelSelector: selector.labelSelector })}`
    : '';
  return `${prefix}${ns}/${resource}${query}`;
}
