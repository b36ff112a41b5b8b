/**
 * The runbook section for each red or amber state the portal shows, as a
 * path under the portal's own TechDocs (the docs of the `trinity` System,
 * `docs/` in the repository). One list, so that the docs' link checker
 * (packages/docs-links) proves every section exists.
 */
export const RUNBOOKS = {
  /** A cluster (or its API, Argo CD, Prometheus) does not answer. */
  clusterUnreachable: 'runbooks/cluster-down/',
  /** The DNS provider's health check fails a cluster's target. */
  targetUnhealthy: 'runbooks/cluster-down/#decide',
  /** A cluster is drained from an entry point. */
  drained: 'runbooks/cluster-down/#restore',
  /** The DNS provider cannot be read or written. */
  dnsProviderDown: 'runbooks/cluster-down/#the-dns-provider-does-not-answer',
  /** A safety check refuses a traffic change. */
  trafficRefused: 'runbooks/cluster-down/#decide',
  /** Argo CD reports Degraded or Missing, or a sync failed. */
  badRelease: 'runbooks/bad-release/',
  /** Argo CD reports OutOfSync or Progressing: a release on its way. */
  releaseInProgress: 'runbooks/bad-release/#decide',
  /** Argo CD auto-sync could not be read or changed. */
  autoSync: 'runbooks/bad-release/#pause-sync',
  /** Workloads not ready or restarting. */
  workloadsUnready: 'runbooks/bad-release/#decide',
  /** A page-level SLO burn. */
  sloFastBurn: 'runbooks/slo-fast-burn/',
  /** A ticket-level SLO burn. */
  sloSlowBurn: 'runbooks/slo-fast-burn/#slow-burn',
  /** Failed or warned policy results. */
  policyViolations: 'runbooks/kyverno-violations/#see-what-fails',
  /** A cluster runs another Kubernetes version than the registry says. */
  versionSkew: 'runbooks/cluster-upgrade/',
  /** The catalog names a cluster the entry point does not serve. */
  entryPointContract: 'traffic/#the-entry-point-contract',
  /** Evacuating a cluster: every product off it at once. */
  evacuate: 'runbooks/evacuate-a-cloud/',
  /** A product's namespace is not in the mesh, or accepts plaintext. */
  meshNotStrict: 'shipping/#the-mesh',
  /** The product would not survive losing a cloud. */
  failoverNotReady: 'fleet/#failover-readiness',
} as const;

export type RunbookSection = (typeof RUNBOOKS)[keyof typeof RUNBOOKS];

/** Where the portal serves its own TechDocs. */
export const TECHDOCS_ROOT = '/docs/default/system/trinity/';

/** The portal URL of a runbook section. */
export const runbookHref = (section: string) => `${TECHDOCS_ROOT}${section}`;
