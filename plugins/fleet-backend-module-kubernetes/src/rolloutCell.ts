import {
  CellStatus,
  RolloutCellData,
  RolloutData,
  worstCellStatus,
} from '@internal/plugin-fleet-common';
import { FleetSourceReading } from '@internal/plugin-fleet-node';
import { RUNBOOKS } from '@internal/plugin-platform-common';

/**
 * The parts of an Argo Rollouts `Rollout` the rollout column reads, named as
 * the controller writes them (argoproj/argo-rollouts,
 * pkg/apis/rollouts/v1alpha1/types.go).
 */
export interface RolloutObject {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    paused?: boolean;
    strategy?: {
      canary?: {
        steps?: Array<{ setWeight?: number } & Record<string, unknown>>;
      };
    };
    template?: PodTemplate;
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    abortedAt?: string;
    controllerPause?: boolean;
    pauseConditions?: Array<{ reason: string; startTime?: string }>;
    currentPodHash?: string;
    stableRS?: string;
    currentStepIndex?: number;
    conditions?: Array<{
      type: string;
      reason?: string;
      message?: string;
    }>;
    canary?: {
      currentStepAnalysisRunStatus?: AnalysisRunStatus;
      currentBackgroundAnalysisRunStatus?: AnalysisRunStatus;
      weights?: { canary?: { weight?: number } };
    };
  };
}

interface AnalysisRunStatus {
  name: string;
  status: string;
  message?: string;
}

interface PodTemplate {
  spec?: { containers?: Array<{ image?: string }> };
}

/** A ReplicaSet the Rollout made: its pod template hash says which one. */
export interface RolloutReplicaSet {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: { template?: PodTemplate };
}

const HASH_LABEL = 'rollouts-pod-template-hash';

const tagOf = (template?: PodTemplate) => {
  const image = template?.spec?.containers?.[0]?.image;
  if (!image) return undefined;
  // The tag follows the last colon after the last slash (a registry port
  // has a colon too); a digest reference has no tag to show.
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
};

/**
 * Phase and message as Argo Rollouts ≥ 1.0 writes them; for an older
 * controller that wrote none, worked out the way upstream's
 * `CalculateRolloutPhase` (utils/rollout/rolloututil.go) does for the
 * states the column tells apart.
 */
function phaseOf(rollout: RolloutObject): { phase: string; message?: string } {
  const status = rollout.status ?? {};
  if (status.phase) return { phase: status.phase, message: status.message };
  for (const condition of status.conditions ?? []) {
    if (condition.type === 'InvalidSpec') {
      return {
        phase: 'Degraded',
        message: `InvalidSpec: ${condition.message ?? ''}`,
      };
    }
    if (
      condition.reason === 'RolloutAborted' ||
      condition.reason === 'ProgressDeadlineExceeded'
    ) {
      return {
        phase: 'Degraded',
        message: `${condition.reason}: ${condition.message ?? ''}`,
      };
    }
  }
  if (rollout.spec?.paused)
    return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  if (status.stableRS && status.stableRS === status.currentPodHash) {
    return { phase: 'Healthy' };
  }
  return { phase: 'Progressing', message: 'waiting for all steps to complete' };
}

/**
 * The canary's weight as `kubectl argo rollouts get` shows it: the weight
 * the controller set on the traffic router when it routes traffic, else the
 * last `setWeight` reached; 0 once aborted, 100 once past the last step.
 */
function canaryWeightOf(rollout: RolloutObject, total: number): number {
  const status = rollout.status ?? {};
  if (status.abort) return 0;
  const index = status.currentStepIndex;
  if (index === undefined || index >= total) return 100;
  const routed = status.canary?.weights?.canary?.weight;
  if (routed !== undefined) return routed;
  const steps = rollout.spec?.strategy?.canary?.steps ?? [];
  for (let at = index; at >= 0; at--) {
    const weight = steps[at]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** What one Rollout says, with its stable and canary tags from its ReplicaSets. */
export function rolloutData(
  rollout: RolloutObject,
  replicaSets: readonly RolloutReplicaSet[],
): RolloutData {
  const status = rollout.status ?? {};
  const { phase, message } = phaseOf(rollout);
  const total = rollout.spec?.strategy?.canary?.steps?.length ?? 0;
  const byHash = (hash?: string) =>
    hash
      ? replicaSets.find(
          replicaSet =>
            replicaSet.metadata.namespace === rollout.metadata.namespace &&
            replicaSet.metadata.labels?.[HASH_LABEL] === hash,
        )
      : undefined;
  const fullyPromoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  const stableTag = tagOf(byHash(status.stableRS)?.spec?.template);
  // The current ReplicaSet runs what is being rolled out; before it exists
  // the Rollout's own template says it (one with a workloadRef has none).
  const canaryTag =
    tagOf(byHash(status.currentPodHash)?.spec?.template) ??
    tagOf(rollout.spec?.template);
  const analysis =
    status.canary?.currentStepAnalysisRunStatus ??
    status.canary?.currentBackgroundAnalysisRunStatus;
  const aborted = !!status.abort;
  const paused =
    !aborted &&
    (phase === 'Paused' ||
      !!rollout.spec?.paused ||
      (status.pauseConditions?.length ?? 0) > 0);
  let verdict: CellStatus = 'warning';
  if (aborted || phase === 'Degraded') verdict = 'critical';
  else if (phase === 'Healthy' && fullyPromoted) verdict = 'ok';
  return {
    name: rollout.metadata.name,
    namespace: rollout.metadata.namespace,
    status: verdict,
    phase,
    message: message || undefined,
    step:
      total > 0
        ? { index: Math.min(status.currentStepIndex ?? total, total), total }
        : undefined,
    canaryWeight: canaryWeightOf(rollout, total),
    analysis: analysis
      ? {
          name: analysis.name,
          status: analysis.status,
          message: analysis.message,
        }
      : undefined,
    stableTag,
    canaryTag,
    aborted,
    paused,
    fullyPromoted,
  };
}

/** Worst first, as `worstCellStatus` ranks them. */
const severity: CellStatus[] = ['critical', 'warning', 'unknown', 'ok'];

/** One Rollout in words, for the cell's summary. */
export function describeRollout(rollout: RolloutData): string {
  if (rollout.status === 'ok') {
    return `${rollout.name} ${rollout.stableTag ?? 'Healthy'}`;
  }
  const parts = [
    `${rollout.name} ${rollout.aborted ? 'aborted' : rollout.phase}`,
  ];
  if (rollout.step) {
    parts.push(`step ${rollout.step.index}/${rollout.step.total}`);
  }
  parts.push(`canary ${rollout.canaryWeight}%`);
  if (rollout.analysis) parts.push(`analysis ${rollout.analysis.status}`);
  if (rollout.stableTag || rollout.canaryTag) {
    parts.push(`${rollout.stableTag ?? '?'} → ${rollout.canaryTag ?? '?'}`);
  }
  const why = rollout.analysis?.message ?? rollout.message;
  if (rollout.status === 'critical' && why) parts.push(why);
  return parts.join(' · ');
}

/** The entity's Rollouts on a cluster as one cell: the worst of them leads. */
export function rolloutCell(
  rollouts: readonly RolloutData[],
): FleetSourceReading<RolloutCellData> {
  const worst = worstCellStatus(rollouts.map(rollout => rollout.status));
  const ordered = [...rollouts].sort(
    (left, right) =>
      severity.indexOf(left.status) - severity.indexOf(right.status),
  );
  let runbook: string | undefined;
  if (worst === 'critical') runbook = RUNBOOKS.badRelease;
  else if (worst === 'warning') runbook = RUNBOOKS.releaseInProgress;
  return {
    status: worst,
    summary: ordered.map(describeRollout).join('; '),
    runbook,
    data: { rollouts: ordered },
  };
}
