import { Config } from '@backstage/config';
import { RecentReads } from '@internal/plugin-platform-node';

/** How long one read of a cluster's list serves every cell, by default. */
export const DEFAULT_CLUSTER_READ_SECONDS = 3;

/**
 * Where a source keeps its per-cluster reads: one list of a cluster (or of a
 * central Argo CD) serves every product's cell on it for
 * `trinity.fleet.clusterReadSeconds`, so a refresh costs one upstream call
 * per cluster and source however many products there are. Shorter than the
 * refresh interval, so each round reads each cluster afresh; the read's own
 * deadline is longer than a cell's, since many cells wait on it and one
 * slow cell must not throw it away for the rest.
 */
export function createClusterReads<T>(config: Config): RecentReads<T> {
  const seconds =
    config.getOptionalNumber('trinity.fleet.clusterReadSeconds') ??
    DEFAULT_CLUSTER_READ_SECONDS;
  return new RecentReads<T>({
    ttlMs: seconds * 1000,
    timeoutMs: 10_000,
  });
}
