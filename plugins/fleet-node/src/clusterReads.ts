import { Config } from '@backstage/config';
import { RecentReads } from '@internal/plugin-platform-node';

/** How long one read of a cluster's list serves every cell, at most. */
export const DEFAULT_CLUSTER_READ_SECONDS = 3;

/**
 * How long one list serves, in ms: `trinity.fleet.clusterReadSeconds`, or
 * by default 3 s but never more than half a cell's freshness or half the
 * refresh interval, so each round (and each viewer-driven refresh of a
 * stale cell) reads the cluster afresh while a round's cells share one
 * read.
 */
export function clusterReadMs(config: Config): number {
  const configured = config.getOptionalNumber(
    'trinity.fleet.clusterReadSeconds',
  );
  if (configured !== undefined) return configured * 1000;
  const fresh =
    config.getOptionalNumber('trinity.fleet.cache.freshSeconds') ?? 10;
  const interval =
    config.getOptionalNumber('trinity.fleet.refresh.intervalSeconds') ?? 10;
  const bounds = [DEFAULT_CLUSTER_READ_SECONDS, fresh / 2];
  if (interval > 0) bounds.push(interval / 2);
  return Math.min(...bounds) * 1000;
}

/**
 * Where a source keeps its per-cluster reads: one list of a cluster (or of a
 * central Argo CD) serves every product's cell on it for `clusterReadMs`,
 * so a refresh costs one upstream call per cluster and list however many
 * products there are. A read still running after a cell's deadline
 * (`trinity.fleet.deadlineMs`) is not joined by later cells: they read
 * afresh, so a cluster that hung and came back is not judged by the
 * read that hung. The read itself may run longer (10 s) and still fill
 * the list for the cells that wait on it.
 */
export function createClusterReads<T>(config: Config): RecentReads<T> {
  return new RecentReads<T>({
    ttlMs: clusterReadMs(config),
    timeoutMs: 10_000,
    joinMs: config.getOptionalNumber('trinity.fleet.deadlineMs') ?? 2000,
  });
}
