/**
 * Builds a service's Argo Rollouts `Rollout` and the ReplicaSets it owns,
 * from the Rollout the infra repo declares for it
 * (infra/tenants/<product>/base/<service>.yaml; for a generated product
 * the infra repo does not hold, the product template's): its steps, selector and
 * workloadRef are the manifest's, its status is what the Argo Rollouts
 * controller writes (fields and messages of argoproj/argo-rollouts
 * pkg/apis/rollouts/v1alpha1/types.go, utils/conditions/conditions.go,
 * rollout/canary.go; checked against its kubectl plugin's test data in
 * plugins/fleet-backend-module-kubernetes/src/__fixtures__/argo-rollouts).
 *
 * - by default: Healthy, fully promoted, on the revision the pods run;
 * - `canary=true`: a new revision is at the first analysis step (its
 *   weight, a Running analysis), the pods still the stable ones;
 * - `canary=true` with `burning=true`: the analysis failed on the burn and
 *   the controller aborted the canary (back to step 0, weight 0, Degraded).
 *
 * The Rollout's own ReplicaSets carry the Deployment's pod template (the
 * Rollout's `workloadRef`) with their revision's image (the only place the
 * stable image is); the pods stay the Deployment's (workloads.ts): the
 * stand-in does not move pods between the two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { hex } from '../random';
import { AbortCause, Step } from '../releases';
import { repoRoot } from '../repoRoot';
import { Scenario } from '../scenario';
import { tenantObjects } from '../tenants';
import { bucket, ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';
import { Workload } from './workloads';

interface RolloutManifest {
  spec?: {
    selector?: unknown;
    workloadRef?: unknown;
    strategy?: { canary?: { steps?: Step[] } };
  };
}

/**
 * The Rollout the tenant declares for the service; for a product the infra
 * repo does not hold (the scale fleet's generated products, made "from the
 * template"), the product template's own Rollout for that service.
 */
function manifestOf(
  product: string,
  service: string,
): RolloutManifest | undefined {
  const declared = tenantObjects(product);
  if (declared.length === 0) return templateRollout(service);
  return declared.find(
    object => object?.kind === 'Rollout' && object?.metadata?.name === service,
  );
}

/** The canary steps of a service's Rollout; none without a Rollout. */
export function rolloutStepsOf(product: string, service: string): Step[] {
  return manifestOf(product, service)?.spec?.strategy?.canary?.steps ?? [];
}

/** The tag the `canary=true` scenario plays, made up like the revisions. */
export function scenarioCanaryTag(seed: string, service: string) {
  return hex(seed, 7, service, 'revision', 'canary');
}

/** A canary as the Rollout shows it, from the ring file or the scenario. */
interface CanaryPlay {
  /** A ring file's new tag, or the `canary=true` scenario's made-up one. */
  source: 'ring' | 'scenario';
  tag: string;
  revision: number;
  stableRevision: number;
  stepIndex: number;
  paused: boolean;
  stepStartedAt?: Date;
  abort?: { at?: Date; cause: AbortCause };
}

/**
 * The canary on a service's Rollout: the ring file's, when a ring's new
 * tag canaries; else the `canary=true` scenario's (at its first analysis
 * step; aborted by its analysis under `burning=true`, or by Argo CD's
 * `abort` action).
 */
function canaryOf(
  seed: string,
  st: ServiceState,
  steps: readonly Step[],
  scenario: Scenario,
): CanaryPlay | undefined {
  if (steps.length === 0) return undefined;
  const stableRevision = st.release?.stableRevision ?? 2;
  if (st.release?.canary) {
    return { source: 'ring', ...st.release.canary, stableRevision };
  }
  if (!scenario.canary) return undefined;
  const tag = scenarioCanaryTag(seed, st.service.name);
  const userAbort = st.abortedAt(tag);
  let abort: CanaryPlay['abort'];
  if (scenario.burning) abort = { cause: 'analysis' };
  else if (userAbort) abort = { at: userAbort, cause: 'user' };
  return {
    source: 'scenario',
    tag,
    revision: stableRevision + 1,
    stableRevision,
    stepIndex: canaryStepIndex(steps),
    paused: false,
    ...(abort ? { abort } : {}),
  };
}

/**
 * Argo CD's health of the service's Rollout (its `health.lua`), where the
 * application shows it: Degraded when aborted, Suspended at a pause step,
 * Progressing while the canary runs — the `canary=true` scenario's too: a
 * real Argo CD never reports a Rollout mid-canary Healthy (its health.lua
 * is Healthy only once fully promoted), and the release actions judge by it.
 */
export function rolloutHealth(
  seed: string,
  st: ServiceState,
  scenario: Scenario,
): { status: string; message: string } | undefined {
  const steps = rolloutStepsOf(st.service.product, st.service.name);
  const canary = canaryOf(seed, st, steps, scenario);
  if (!canary) return undefined;
  if (canary.abort) {
    return {
      status: 'Degraded',
      message: `RolloutAborted: Rollout aborted update to revision ${canary.revision}`,
    };
  }
  if (canary.paused)
    return { status: 'Suspended', message: 'Rollout is paused' };
  return {
    status: 'Progressing',
    message: 'Waiting for rollout to finish: More replicas need to be updated',
  };
}

let templateText: string | undefined;
/** Rendered once per service: every list of every cluster asks again. */
const templateRollouts = new Map<string, RolloutManifest | undefined>();

/**
 * The template's Rollout (templates/product/tenant-service) rendered for a
 * service: its two expressions are the service's name and the analysis
 * template named after it.
 */
function templateRollout(service: string): RolloutManifest | undefined {
  if (!templateRollouts.has(service)) {
    templateRollouts.set(service, renderTemplateRollout(service));
  }
  return templateRollouts.get(service);
}

function renderTemplateRollout(service: string): RolloutManifest | undefined {
  templateText ??= fs.readFileSync(
    path.join(
      repoRoot,
      'templates/product/tenant-service/base/${{ values.service }}.yaml',
    ),
    'utf8',
  );
  const rendered = templateText
    .replace(
      /\$\{\{\s*\(\(values\.service\) ~ '([^']*)'\)\s*\|\s*yaml\s*\}\}/g,
      (_, suffix: string) => `${service}${suffix}`,
    )
    .replace(/\$\{\{\s*values\.service\s*\|\s*yaml\s*\}\}/g, service);
  return parseAllDocuments(rendered)
    .map(doc => doc.toJS())
    .find(object => object?.kind === 'Rollout');
}

/** Where the canary scenario stands: the first analysis step, else the first pause. */
function canaryStepIndex(steps: readonly Step[]): number {
  const analysis = steps.findIndex(step => 'analysis' in step);
  if (analysis >= 0) return analysis;
  return Math.max(
    0,
    steps.findIndex(step => 'pause' in step),
  );
}

/** The last `setWeight` at or before a step, as the controller scales by it. */
function weightAt(steps: readonly Step[], index: number): number {
  for (let at = index; at >= 0; at--) {
    const weight = steps[at]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** The first metric the tenant's analysis asks for, to name in the failure. */
function analysisMetric(st: ServiceState): string {
  const template = tenantObjects(st.service.product).find(
    object =>
      object?.kind === 'AnalysisTemplate' &&
      String(object?.metadata?.name ?? '').startsWith(st.service.name),
  );
  return template?.spec?.metrics?.[0]?.name ?? 'burn-rate';
}

export function rolloutObjectsFor(
  seed: string,
  st: ServiceState,
  workload: Workload,
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  const manifest = manifestOf(st.service.product, st.service.name);
  if (!manifest) return [];
  const { service, cluster } = st;
  const steps = manifest.spec?.strategy?.canary?.steps ?? [];
  const hashOf = (tag: string) =>
    hex(seed, 10, cluster.name, service.name, 'rollout', tag);
  const stableHash = hashOf(st.tag);
  const canary = canaryOf(seed, st, steps, scenario);
  const inCanary = canary !== undefined;
  const aborted = canary?.abort !== undefined;
  const byAnalysis = canary?.abort?.cause === 'analysis';
  const paused = !!canary?.paused;
  const currentHash = canary ? hashOf(canary.tag) : stableHash;
  const created = iso(st.deployedAt);
  // When the scenario's canary last moved: the start of the world's
  // 10-minute bucket (stable between reads, so a watch does not see the
  // Rollout change every minute).
  const at = iso(new Date(bucket(now) * 600_000));
  const stepIndex = canary?.stepIndex ?? 0;
  const canaryPods = Math.ceil((st.desired * weightAt(steps, stepIndex)) / 100);
  let canaryReplicas = 0;
  if (inCanary && !aborted) canaryReplicas = canaryPods;
  const stableRevision =
    canary?.stableRevision ?? st.release?.stableRevision ?? 2;
  const revision = canary?.revision ?? stableRevision;

  const metric = analysisMetric(st);
  const failure = `Metric "${metric}" assessed Failed due to failed (1) > failureLimit (0)`;
  // rollout/canary.go: the analysis' message follows when it aborted.
  const abortMessage = byAnalysis
    ? `Rollout aborted update to revision ${revision}: ${failure}`
    : `Rollout aborted update to revision ${revision}`;
  const runName = `${service.name}-${currentHash}-${revision}-${stepIndex}`;
  const atAnalysis = 'analysis' in (steps[stepIndex] ?? {});

  const replicaSet = (hash: string, tag: string, replicas: number) => {
    const name = `${service.name}-${hash}`;
    const podLabels = {
      ...labels(service),
      'rollouts-pod-template-hash': hash,
    };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: service.namespace,
        uid: uid(cluster.name, 'rollout-rs', name),
        labels: podLabels,
        annotations: {
          'rollout.argoproj.io/revision': String(
            hash === stableHash ? stableRevision : revision,
          ),
        },
        creationTimestamp: created,
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: service.name,
            uid: uid(cluster.name, 'rollout', service.name),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: { matchLabels: podLabels },
        template: {
          metadata: { labels: podLabels },
          spec: {
            ...workload.podSpec,
            containers: [
              { ...workload.container, image: `${st.image}:${tag}` },
            ],
          },
        },
      },
      status: {
        replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
      },
    };
  };

  let phase = 'Healthy';
  let message: string | undefined;
  if (aborted) {
    phase = 'Degraded';
    message = `RolloutAborted: ${abortMessage}`;
  } else if (paused) {
    // The controller's own pause at a `pause` step.
    phase = 'Paused';
    message = 'CanaryPauseStep';
  } else if (inCanary) {
    phase = 'Progressing';
    message = 'more replicas need to be updated';
  }
  let progressing = {
    type: 'Progressing',
    status: 'True',
    reason: 'NewReplicaSetAvailable',
    message: `ReplicaSet "${service.name}-${stableHash}" has successfully progressed.`,
  };
  if (aborted) {
    progressing = {
      type: 'Progressing',
      status: 'False',
      reason: 'RolloutAborted',
      message: abortMessage,
    };
  } else if (inCanary) {
    progressing = {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${service.name}-${currentHash}" is progressing.`,
    };
  }
  const healthy = phase === 'Healthy';
  // The analysis of the step the canary is at, or the one that failed it.
  function analysisRunStatus() {
    if (byAnalysis) {
      return {
        currentStepAnalysisRunStatus: {
          name: runName,
          status: 'Failed',
          message: failure,
        },
      };
    }
    if (inCanary && !aborted && atAnalysis) {
      return {
        currentStepAnalysisRunStatus: { name: runName, status: 'Running' },
      };
    }
    return {};
  }
  let currentStepIndex = steps.length;
  if (aborted) currentStepIndex = 0; // rollout/canary.go: back to step 0
  else if (inCanary) currentStepIndex = stepIndex;

  const rollout: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid(cluster.name, 'rollout', service.name),
      labels: labels(service),
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      generation: revision,
      creationTimestamp: created,
    },
    spec: { ...manifest.spec },
    status: {
      HPAReplicas: st.desired,
      replicas: st.desired,
      updatedReplicas: inCanary ? canaryReplicas : st.desired,
      readyReplicas: st.ready,
      availableReplicas: st.ready,
      currentPodHash: currentHash,
      stableRS: stableHash,
      currentStepIndex,
      observedGeneration: String(revision),
      workloadObservedGeneration: '1',
      selector: `app.kubernetes.io/name=${service.name}`,
      phase,
      ...(message ? { message } : {}),
      ...(aborted
        ? {
            abort: true,
            abortedAt: canary?.abort?.at ? iso(canary.abort.at) : at,
          }
        : {}),
      ...(paused
        ? {
            controllerPause: true,
            pauseConditions: [
              {
                reason: 'CanaryPauseStep',
                startTime: iso(canary?.stepStartedAt ?? now),
              },
            ],
          }
        : {}),
      blueGreen: {},
      canary: analysisRunStatus(),
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'AvailableReason',
          message: 'Rollout has minimum availability',
          lastTransitionTime: created,
          lastUpdateTime: created,
        },
        {
          ...progressing,
          lastTransitionTime: inCanary ? at : created,
          lastUpdateTime: inCanary ? at : created,
        },
        {
          type: 'Healthy',
          status: healthy ? 'True' : 'False',
          reason: 'RolloutHealthy',
          message: healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
          lastTransitionTime: created,
          lastUpdateTime: created,
        },
      ],
    },
  };
  return [
    rollout,
    replicaSet(stableHash, st.tag, st.desired - canaryReplicas),
    ...(canary ? [replicaSet(currentHash, canary.tag, canaryReplicas)] : []),
  ];
}
