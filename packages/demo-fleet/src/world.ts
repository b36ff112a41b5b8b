import { DemoCluster, DemoService } from './fleet';
import { hex, unit } from './random';
import { ReleaseSource, ReleaseView } from './releases';
import { Scenario } from './scenario';

/** The state of one service on one cluster at one moment, before rendering to any API. */
export interface ServiceState {
  cluster: DemoCluster;
  service: DemoService;
  /** Git revision Argo CD has synced. */
  revision: string;
  /** The image (without tag) the service's pods run. */
  image: string;
  /**
   * The tag its pods run: its ring's stable tag in the infra repo's ring
   * file, else the revision (the demo's made-up version).
   */
  tag: string;
  /** What the ring file says runs here, with its canary; absent without one. */
  release?: ReleaseView;
  /** When someone aborted the canary of a tag (Argo CD's `abort` action). */
  abortedAt(tag: string): Date | undefined;
  /** Revision the cluster should run; differs while out of sync. */
  targetRevision: string;
  desired: number;
  ready: number;
  restartsPerPod: number[];
  hpaCurrent: number;
  hpaMax: number;
  crashLooping: boolean;
  replicaSetHash: string;
  podSuffixes: string[];
  /** When the current revision was deployed. */
  deployedAt: Date;
}

/**
 * A service's process on a cluster, when the product runs: whether it
 * serves right now and how often its supervisor restarted it. The pods
 * follow it (the one process stands for all the service's replicas).
 */
export interface Running {
  up: boolean;
  restarts: number;
}

/** Time buckets of 10 minutes: data moves, but slowly enough to assert on. */
export function bucket(now: Date) {
  return Math.floor(now.getTime() / 600_000);
}

export function serviceState(
  seed: string,
  cluster: DemoCluster,
  service: DemoService,
  scenario: Scenario,
  now: Date,
  running?: Running,
  releases?: ReleaseSource,
): ServiceState {
  const revision = hex(seed, 7, service.name, 'revision');
  const nextRevision = hex(seed, 7, service.name, 'revision', 'next');
  const timeBucket = bucket(now);
  const desired = service.replicas;
  const crashLooping = scenario.degraded;
  let ready = crashLooping ? Math.floor(desired / 3) : desired;
  if (running && !running.up) ready = 0;
  const release = releases?.view(cluster.name, service.name);
  // A new stable tag is a new pod template: a new ReplicaSet, new pods.
  const replicaSetHash = hex(
    seed,
    10,
    cluster.name,
    service.name,
    crashLooping ? nextRevision : revision,
    ...(release ? [release.stable] : []),
  );
  const podSuffixes = Array.from({ length: desired }, (_, index) =>
    hex(seed, 5, cluster.name, service.name, replicaSetHash, index),
  );
  // Crash-looping pods restart a lot; healthy ones rarely (one in ten has one).
  const restartsPerPod = podSuffixes.map((_, index) => {
    if (crashLooping) {
      return (
        5 +
        Math.floor(
          unit(seed, cluster.name, service.name, index, timeBucket) * 20,
        )
      );
    }
    return unit(seed, cluster.name, service.name, index) < 0.1 ? 1 : 0;
  });
  // The real process's restarts show on the first pod.
  if (running) restartsPerPod[0] += running.restarts;
  const deployedAt = new Date(
    (timeBucket - 6 - Math.floor(unit(seed, service.name, 'deployed') * 12)) *
      600_000,
  );
  const synced = crashLooping ? nextRevision : revision;
  return {
    cluster,
    service,
    revision: synced,
    image: release?.image ?? service.image,
    tag: release?.stable ?? synced,
    ...(release ? { release } : {}),
    abortedAt: tag => releases?.aborted(cluster.name, service.name, tag),
    targetRevision: crashLooping ? nextRevision : revision,
    desired,
    ready,
    restartsPerPod,
    hpaCurrent: desired,
    hpaMax: service.hpaMax,
    crashLooping,
    replicaSetHash,
    podSuffixes,
    deployedAt,
  };
}
