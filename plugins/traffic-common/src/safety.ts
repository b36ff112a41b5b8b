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
  cooldownMs: number;
  now: Date;
};

export const defaultMinHealthy: Record<string, number> = { 'tier-1': 2 };

/**
 * Positively healthy: the provider's check passes and the fleet view says
 * healthy. A provider or a fleet view that cannot tell is not healthy.
 */
function healthy(c: string, input: SafetyInput) {
  return (
    input.providerHealth[c] === 'healthy' &&
    input.fleet[c]?.health === 'healthy'
  );
}

/** Why a cluster is not positively healthy, in a few words. */
function notHealthyBecause(c: string, input: SafetyInput): string {
  const f = input.fleet[c];
  const provider = input.providerHealth[c] ?? 'unknown';
  if (provider !== 'healthy') return `${c}: provider check ${provider}`;
  if (!f) return `${c}: no fleet view (unknown)`;
  return `${c}: ${f.health}${f.healthDetail ? ` (${f.healthDetail})` : ''}`;
}

/** Serving and healthy: weight above 0 and positively healthy. */
function healthyServing(
  c: string,
  weights: Record<string, number>,
  input: SafetyInput,
) {
  return weights[c] > 0 && healthy(c, input);
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
  const changed = clusters.filter(c => before[c] !== after[c]);

  checks.push({
    id: 'changes-something',
    title: 'The action changes the weights',
    status: changed.length ? 'pass' : 'fail',
    detail: changed.length
      ? `changes ${changed
          .map(c => `${c} ${before[c]} → ${after[c]}`)
          .join(', ')}`
      : 'the entry point already has these weights',
    overridable: false,
  });

  const serving = clusters.filter(c => after[c] > 0);
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
  const healthyBefore = clusters.filter(c => healthyServing(c, before, input));
  const healthyAfter = clusters.filter(c => healthyServing(c, after, input));
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
    c => after[c] > 0 && shareAfter[c] > shareBefore[c] + 1e-9,
  );
  const unhealthy = receivers.filter(c => !healthy(c, input));
  checks.push({
    id: 'receivers-healthy',
    title: 'Every receiving cluster is healthy',
    status: unhealthy.length ? 'fail' : 'pass',
    detail: receiversDetail(receivers, unhealthy, input),
    overridable: false,
  });
  const burning = receivers.filter(c => input.fleet[c]?.pageBurn);
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

  const drained = changed.filter(c => after[c] < before[c]);
  const short = drained.filter(c => input.fleet[c]?.headroom !== true);
  checks.push({
    id: 'headroom',
    title: 'The other clusters can absorb the load (N-1 headroom)',
    status: short.length ? 'fail' : 'pass',
    detail: headroomDetail(drained, short, input),
    overridable: true,
  });

  const recent = changed.filter(c => {
    const at = input.lastChange[c];
    return at && input.now.getTime() - at.getTime() < input.cooldownMs;
  });
  checks.push({
    id: 'cooldown',
    title: `No cluster changed in the last ${Math.round(
      input.cooldownMs / 1000,
    )} s (anti-flap)`,
    status: recent.length ? 'fail' : 'pass',
    detail: recent.length
      ? recent
          .map(
            c =>
              `${c} changed ${Math.round(
                (input.now.getTime() - input.lastChange[c]!.getTime()) / 1000,
              )} s ago`,
          )
          .join('; ')
      : 'no recent change to these clusters',
    overridable: false,
  });
  return checks;
}

/** Allowed when all checks pass, or only overridable ones fail and the action is forced. */
export function isAllowed(checks: SafetyCheck[], force: boolean): boolean {
  return checks.every(c => c.status === 'pass' || (c.overridable && force));
}

function receiversDetail(
  receivers: string[],
  unhealthy: string[],
  input: SafetyInput,
) {
  if (!receivers.length) return 'no cluster receives more traffic';
  if (!unhealthy.length) return `${receivers.join(', ')} healthy`;
  return `not positively healthy: ${unhealthy
    .map(c => notHealthyBecause(c, input))
    .join('; ')}`;
}

function headroomDetail(
  drained: string[],
  short: string[],
  input: SafetyInput,
) {
  if (short.length) {
    return short
      .map(c => `${c}: ${input.fleet[c]?.headroomReason ?? 'no workload data'}`)
      .join('; ');
  }
  return drained.length
    ? `${drained.join(', ')}: the others have room`
    : 'no cluster loses weight';
}
