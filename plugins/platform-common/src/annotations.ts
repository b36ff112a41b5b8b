/**
 * Annotations that link a product (System) or service (Component) to what
 * runs it. Names are `trinity.io/…` unless Backstage or a core plugin already
 * defines one (`backstage.io/kubernetes-id` is read by the core Kubernetes
 * plugin unchanged).
 */
export const annotations = {
  /** Core Kubernetes plugin: workloads carry the label `backstage.io/kubernetes-id=<value>`. */
  kubernetesId: 'backstage.io/kubernetes-id',
  /** Core Kubernetes plugin: a label selector for the entity's workloads instead of the id. */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  /** Namespace the product's workloads run in, the same on every cluster. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /**
   * Argo CD applications, as a label selector (`app.kubernetes.io/part-of=storefront`)
   * evaluated against each cluster's Argo CD.
   */
  argocdAppSelector: 'trinity.io/argocd-app-selector',
  /** Sloth service name: the `sloth_service` label of the SLO recording rules. */
  slothService: 'trinity.io/sloth-service',
  /** Global entry point: the public DNS name users reach the product by. */
  entryPoint: 'trinity.io/entry-point',
  /** Clusters the product is deployed to, comma separated cluster names. */
  clusters: 'trinity.io/clusters',
  /**
   * Data mode from the product's workload contract: `stateless`,
   * `replicated` (multi-region data) or `single-region-primary`.
   */
  dataMode: 'trinity.io/data-mode',
  /** The product's tier when not a `tier-N` tag: how many healthy clusters must remain. */
  tier: 'trinity.io/tier',
  /** Set by the forge's catalog provider: the repository an entity came from. */
  sourceRepo: 'trinity.io/source-repo',
} as const;

/** Annotations written on cluster Resources by the registry processor. */
export const clusterEndpointAnnotations = {
  argocdUrl: 'trinity.io/argocd-url',
  argocdUiUrl: 'trinity.io/argocd-ui-url',
  prometheusUrl: 'trinity.io/prometheus-url',
} as const;

/** Labels derived from a cluster's spec, for selectors and filters. */
export const clusterLabels = {
  provider: 'trinity.io/provider',
  region: 'trinity.io/region',
  environment: 'trinity.io/environment',
  upgradeRing: 'trinity.io/upgrade-ring',
} as const;

/** Reads a comma-separated annotation of an entity, trimmed, no blanks. */
export function annotationList(
  entityAnnotations: Record<string, string> | undefined,
  key: string,
): string[] {
  return (entityAnnotations?.[key] ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/** Reads the comma-separated cluster list of an entity, trimmed, no blanks. */
export function clustersOf(
  entityAnnotations: Record<string, string> | undefined,
): string[] {
  return annotationList(entityAnnotations, annotations.clusters);
}
