import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  RolloutObject,
  RolloutReplicaSet,
  rolloutCell,
  rolloutData,
} from './rolloutCell';
import { createRolloutSource } from './rolloutSource';
import { FleetCluster } from '@internal/plugin-fleet-node';

/** A fixture Argo Rollouts' own tests hold (see __fixtures__/argo-rollouts). */
function fixture<T>(file: string): T {
  return parse(
    fs.readFileSync(
      path.join(__dirname, '__fixtures__/argo-rollouts', file),
      'utf8',
    ),
  );
}

const aborted = () => fixture<RolloutObject>('aborted-rollout.yaml');
const abortedSets = () => [
  fixture<RolloutReplicaSet>('aborted-rs-canary.yaml'),
  fixture<RolloutReplicaSet>('aborted-rs-stable.yaml'),
];
const canary = () => fixture<RolloutObject>('canary-rollout.yaml');
const canarySets = () => [
  fixture<RolloutReplicaSet>('canary-rs-canary.yaml'),
  fixture<RolloutReplicaSet>('canary-rs-stable.yaml'),
];

/** The canary fixture as a ≥ 1.0 controller writes it, with `changes` to its status. */
function canaryWith(changes: RolloutObject['status']): RolloutObject {
  const rollout = canary();
  // Drop the timed-out condition: these cases are about a canary on its way.
  const conditions = rollout.status?.conditions?.filter(
    condition => condition.type !== 'Progressing',
  );
  return { ...rollout, status: { ...rollout.status, conditions, ...changes } };
}

describe('the rollout column on Rollouts Argo Rollouts wrote', () => {
  it('a canary aborted by its failed analysis is critical, says why, and is back on the stable tag', () => {
    const rollout = rolloutData(aborted(), abortedSets());
    expect(rollout).toEqual({
      name: 'rollout-background-analysis',
      namespace: 'default',
      status: 'critical',
      // No `phase` from this (pre-1.0) controller: worked out from the
      // RolloutAborted condition, as upstream's CalculateRolloutPhase does.
      phase: 'Degraded',
      message:
        'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      step: { index: 0, total: 2 },
      canaryWeight: 0,
      analysis: {
        name: 'rollout-background-analysis-db976bc44-2',
        status: 'Failed',
        message:
          'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      },
      stableTag: 'blue',
      canaryTag: 'yellow',
      aborted: true,
      paused: false,
      fullyPromoted: false,
    });
    const cell = rolloutCell([rollout]);
    expect(cell.status).toBe('critical');
    expect(cell.runbook).toBe(RUNBOOKS.badRelease);
    expect(cell.summary).toBe(
      'rollout-background-analysis aborted · step 0/2 · canary 0% · analysis Failed · blue → yellow · metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    );
  });

  it('a canary whose new ReplicaSet timed out progressing is Degraded, at its step and weight', () => {
    const rollout = rolloutData(canary(), canarySets());
    expect(rollout).toMatchObject({
      status: 'critical',
      phase: 'Degraded',
      message:
        'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
      step: { index: 0, total: 8 },
      canaryWeight: 20,
      stableTag: 'green',
      canaryTag: 'does-not-exist',
      aborted: false,
    });
  });

  it('a canary paused at a pause step is a warning with its step, weight and tags', () => {
    const rollout = rolloutData(
      canaryWith({
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 3,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2019-10-28T04:52:55Z' },
        ],
      }),
      canarySets(),
    );
    expect(rollout).toMatchObject({
      status: 'warning',
      phase: 'Paused',
      step: { index: 3, total: 8 },
      // Steps 2 (setWeight: 40) and 3 (pause): the last weight reached.
      canaryWeight: 40,
      paused: true,
      aborted: false,
    });
    const cell = rolloutCell([rollout]);
    expect(cell.status).toBe('warning');
    expect(cell.runbook).toBe(RUNBOOKS.releaseInProgress);
    expect(cell.summary).toBe(
      'canary-demo Paused · step 3/8 · canary 40% · green → does-not-exist',
    );
  });

  it('with traffic routing the weight is the one the controller set on the router', () => {
    const rollout = fixture<RolloutObject>('canary-weights-rollout.yaml');
    const further = {
      ...rollout,
      // Step 2 (setWeight: 40) reached in the spec, while the router still
      // sends 20 % (status.canary.weights): the router's share is what users get.
      status: { ...rollout.status, currentStepIndex: 2 },
    };
    expect(rolloutData(further, []).canaryWeight).toBe(20);
  });

  it('a fully promoted, Healthy Rollout is ok and names the tag it runs', () => {
    const rollout = rolloutData(
      canaryWith({
        phase: 'Healthy',
        message: undefined,
        stableRS: '65fb5ffc84',
        currentStepIndex: 8,
      }),
      canarySets(),
    );
    expect(rollout).toMatchObject({
      status: 'ok',
      step: { index: 8, total: 8 },
      canaryWeight: 100,
      stableTag: 'does-not-exist',
      canaryTag: 'does-not-exist',
      fullyPromoted: true,
    });
    const cell = rolloutCell([rollout]);
    expect(cell).toMatchObject({
      status: 'ok',
      summary: 'canary-demo does-not-exist',
      runbook: undefined,
    });
  });

  it('Healthy but not fully promoted (the stable ReplicaSet is not the current one) is not ok', () => {
    const rollout = rolloutData(
      canaryWith({ phase: 'Healthy', currentStepIndex: 8 }),
      canarySets(),
    );
    expect(rollout.status).toBe('warning');
  });

  it('the worst Rollout leads the cell', () => {
    const healthy = rolloutData(
      canaryWith({ phase: 'Healthy', stableRS: '65fb5ffc84' }),
      canarySets(),
    );
    const broken = rolloutData(aborted(), abortedSets());
    const cell = rolloutCell([healthy, broken]);
    expect(cell.status).toBe('critical');
    expect(cell.data?.rollouts.map(rollout => rollout.name)).toEqual([
      'rollout-background-analysis',
      'canary-demo',
    ]);
  });
});

describe('the rollout source', () => {
  const entity = (selector: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'demo',
      annotations: { 'backstage.io/kubernetes-label-selector': selector },
    },
  });
  const cluster: FleetCluster = {
    name: 'gcp-euw1-prod-01',
    title: 'GKE europe-west1',
    provider: 'gcp',
    region: 'europe-west1',
    upgradeRing: 'ring-0',
    endpoints: {},
  };

  function sourceOver(rollouts: RolloutObject[], paths: string[] = []) {
    const list = async <T>(_cluster: string, listed: string) => {
      paths.push(listed);
      return (listed.includes('/rollouts') ? rollouts : canarySets()) as T[];
    };
    return createRolloutSource(
      { list, listIfServed: list },
      new ConfigReader({}),
    );
  }

  it("lists Rollouts and ReplicaSets of every product once, and picks the entity's by its selector", async () => {
    const paths: string[] = [];
    const source = sourceOver([canary(), aborted()], paths);
    const reading = await source.read({
      entity: entity('app=canary-demo'),
      cluster,
      signal: new AbortController().signal,
    });
    expect(paths.sort()).toEqual([
      '/apis/apps/v1/replicasets?labelSelector=app.kubernetes.io%2Fpart-of',
      '/apis/argoproj.io/v1alpha1/rollouts?labelSelector=app.kubernetes.io%2Fpart-of',
    ]);
    expect(reading.data?.rollouts.map(rollout => rollout.name)).toEqual([
      'canary-demo',
    ]);
    expect(reading.data?.rollouts[0].stableTag).toBe('green');
  });

  it('no Rollout of the entity (or no Argo Rollouts on the cluster) is unknown, and says so', async () => {
    const reading = await sourceOver([]).read({
      entity: entity('app=storefront'),
      cluster,
      signal: new AbortController().signal,
    });
    expect(reading).toEqual({
      status: 'unknown',
      summary: 'no Rollout matches app=storefront',
    });
  });
});
