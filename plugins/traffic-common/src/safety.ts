import { ProviderHealth, SafetyCheck } from './model';
import { shares } from './weights';

/** What the fleet view says about one cluster, as the safety rules need it. */
export type ClusterSignals = {
  /**
   * The product there, positively: `healthy` when every serving source
   * (Argo CD, workloads, SLO) answered and none is failing; `failing` when
   * Argo CD or workloads is critical (a critical SLO is `pageBurn`'s);
   * `unknown` when one did not answer — unknown is not healthy.
   */
  health: 'healthy' | 'failing' | 'unknown';
  /** Which source fails or did not answer, for the check's detail. */
  healthDetail?: string;
  /** The product's SLO burns at page level there. */
  pageBurn: boolean;
  /**
   * The SLO cell's verdict there (`unknown`: it did not answer). Optional
   * for callers that only need the burn rule.
   */
  slo?: 'ok' | 'warning' | 'critical' | 'unknown';
  /** Could the other clusters absorb this one's replicas (N-1)? null: cannot tell. */
  headroom: boolean | null;
  headroomReason?: string;
};

export type SafetyInput = {
  tier: string;
  /** Healthy serving clusters that must remain, by tier; default tier-1: 2, others: 1. */
  minHealthyByTier?: Record<string, number>;
  before: Record<string, number>;
  after: Record<string, number>;
  providerHealth: Record<string, ProviderHealth>;
  fleet: Record<string, ClusterSignals | undefined>;
  /** When each cluster's weight last changed, for the anti-flap cooldown. */
  lastChange: Record<string, Date | undefined>;
  /**
   * Clusters this action gives back exactly what their last change (a
   * drain still active) took: the rollback of a mistake, not a new flap,
   * so the cooldown does not hold them.
   */
  rollback?: string[];
  cooldownMs: number;
  now: Date;
};

export const defaultMinHealthy: Record<string, number> = { 'tier-1': 2 };

/**
 * Positively healthy: the provider's check passes and the fleet view says
 * healthy. A provider or a fleet view that cannot tell is not healthy.
 */
function healthy(cluster: string, input: SafetyInput) {
  return (
    input.providerHealth[cluster] === 'healthy' &&
    input.fleet[cluster]?.health === 'healthy'
  );
}

/** Why a cluster is not positively healthy, in a few words. */
function notHealthyBecause(cluster: string, input: SafetyInput): string {
  const signals = input.fleet[cluster];
  const provider = input.providerHealth[cluster] ?? 'unknown';
  if (provider !== 'healthy') return `${cluster}: provider check ${provider}`;
  if (!signals) return `${cluster}: no fleet view (unknown)`;
  return `${cluster}: ${signals.health}${
    signals.healthDetail ? ` (${signals.healthDetail})` : ''
  }`;
}

/** Serving and healthy: weight above 0 and positively healthy. */
function healthyServing(
  cluster: string,
  weights: Record<string, number>,
  input: SafetyInput,
) {
  return weights[cluster] > 0 && healthy(cluster, input);
}

/**
 * The guard rails every traffic action passes, evaluated on the weights
 * before and after. Pure: the backend gathers the inputs, the panel shows
 * the result, and the table-driven tests pin each rule.
 */
export function evaluateSafety(input: SafetyInput): SafetyCheck[] {
  const { before, after } = input;
  const clusters = Object.keys(after);
  const checks: SafetyCheck[] = [];
  const changed = clusters.filter(
    cluster => before[cluster] !== after[cluster],
  );

  checks.push({
    id: 'changes-something',
    title: 'The action changes the weights',
    status: changed.length ? 'pass' : 'fail',
    detail: changed.length
      ? `changes ${changed
          .map(cluster => `${cluster} ${before[cluster]} → ${after[cluster]}`)
          .join(', ')}`
      : 'the entry point already has these weights',
    overridable: false,
  });

  const serving = clusters.filter(cluster => after[cluster] > 0);
  checks.push({
    id: 'keeps-a-target',
    title: 'At least one cluster keeps serving',
    status: serving.length ? 'pass' : 'fail',
    detail: serving.length
      ? `${serving.join(', ')} keep${serving.length > 1 ? '' : 's'} weight`
      : 'no target would keep a weight above 0: the entry point would answer nothing (never allowed, not even forced)',
    overridable: false,
  });

  const min =
    (input.minHealthyByTier ?? defaultMinHealthy)[input.tier] ??
    (input.minHealthyByTier ?? defaultMinHealthy).default ??
    1;
  const healthyBefore = clusters.filter(cluster =>
    healthyServing(cluster, before, input),
  );
  const healthyAfter = clusters.filter(cluster =>
    healthyServing(cluster, after, input),
  );
  const reduces = healthyAfter.length < healthyBefore.length;
  checks.push({
    id: 'min-healthy',
    title: `At least ${min} healthy serving cluster${min > 1 ? 's' : ''} (${
      input.tier
    })`,
    status: reduces && healthyAfter.length < min ? 'fail' : 'pass',
    detail: `${healthyAfter.length} healthy serving after (${
      healthyAfter.join(', ') || 'none'
    }), ${healthyBefore.length} before`,
    overridable: false,
  });

  // Receivers: clusters whose share of traffic grows.
  const health = input.providerHealth;
  const shareBefore = shares(before, health);
  const shareAfter = shares(after, health);
  const receivers = clusters.filter(
    cluster =>
      after[cluster] > 0 && shareAfter[cluster] > shareBefore[cluster] + 1e-9,
  );
  const unhealthy = receivers.filter(cluster => !healthy(cluster, input));
  checks.push({
    id: 'receivers-healthy',
    title: 'Every receiving cluster is healthy',
    status: unhealthy.length ? 'fail' : 'pass',
    detail: receiversDetail(receivers, unhealthy, input),
    overridable: false,
  });
  const burning = receivers.filter(cluster => input.fleet[cluster]?.pageBurn);
  checks.push({
    id: 'receivers-not-burning',
    title: 'No receiving cluster burns its error budget at page level',
    status: burning.length ? 'fail' : 'pass',
    detail: burning.length
      ? `${burning.join(', ')} ${
          burning.length > 1 ? 'burn' : 'burns'
        } at page level`
      : 'no receiver at page-level burn',
    overridable: false,
  });

  const drained = changed.filter(cluster => after[cluster] < before[cluster]);
  // A cluster leaving that the fleet cannot judge (no workload data: it is
  // down, or unreachable) does not stop its own drain; the detail says so.
  const short = drained.filter(
    cluster => input.fleet[cluster]?.headroom === false,
  );
  checks.push({
    id: 'headroom',
    title: 'The other clusters can absorb the load (N-1 headroom)',
    status: short.length ? 'fail' : 'pass',
    detail: headroomDetail(drained, short, input),
    overridable: true,
  });

  const ago = (cluster: string) =>
    input.now.getTime() - input.lastChange[cluster]!.getTime();
  const recent = changed.filter(
    cluster => input.lastChange[cluster] && ago(cluster) < input.cooldownMs,
  );
  const rolledBack = recent.filter(cluster =>
    input.rollback?.includes(cluster),
  );
  const flapping = recent.filter(cluster => !rolledBack.includes(cluster));
  const seconds = (ms: number) => Math.round(ms / 1000);
  checks.push({
    id: 'cooldown',
    title: flapping.length
      ? `No change to ${flapping.join(', ')} for ${seconds(
          input.cooldownMs,
        )} s after the last (anti-flap)`
      : `No cluster changed in the last ${seconds(
          input.cooldownMs,
        )} s (anti-flap)`,
    status: flapping.length ? 'fail' : 'pass',
    detail:
      [
        ...flapping.map(
          cluster =>
            `${cluster} changed ${seconds(ago(cluster))} s ago: ${seconds(
              input.cooldownMs - ago(cluster),
            )} s left`,
        ),
        ...rolledBack.map(
          cluster =>
            `${cluster} changed ${seconds(
              ago(cluster),
            )} s ago; this restores what that drain took (a rollback, allowed)`,
        ),
      ].join('; ') || 'no recent change to these clusters',
    overridable: false,
  });
  return checks;
}

/** Allowed when all checks pass, or only overridable ones fail and the action is forced. */
export function isAllowed(checks: SafetyCheck[], force: boolean): boolean {
  return checks.every(
    check => check.status === 'pass' || (check.overridable && force),
  );
}

function receiversDetail(
  receivers: string[],
  unhealthy: string[],
  input: SafetyInput,
) {
  if (!receivers.length) return 'no cluster receives more traffic';
  if (!unhealthy.length) return `${receivers.join(', ')} healthy`;
  return `not positively healthy: ${unhealthy
    .map(cluster => notHealthyBecause(cluster, input))
    .join('; ')}`;
}

function headroomDetail(
  drained: string[],
  short: string[],
  input: SafetyInput,
) {
  if (short.length) {
    return short
      .map(
        cluster =>
          `${cluster}: ${
            input.fleet[cluster]?.headroomReason ?? 'no workload data'
          }`,
      )
      .join('; ');
  }
  if (!drained.length) return 'no cluster loses weight';
  return drained
    .map(cluster =>
      input.fleet[cluster]?.headroom === true
        ? `${cluster}: the others have room`
        : `${cluster}: its load cannot be judged (${
            input.fleet[cluster]?.headroomReason ?? 'no workload data'
          }); it is the cluster leaving, so this does not stop its drain`,
    )
    .join('; ');
}
