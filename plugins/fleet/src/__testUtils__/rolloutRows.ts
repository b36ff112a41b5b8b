/* Rows as the fleet backend answers them, for the rollout views' tests. */
import { FleetRow, RolloutData } from '@internal/plugin-fleet-common';

export const promoted = (over: Partial<RolloutData> = {}): RolloutData => ({
  name: 'storefront-api',
  namespace: 'storefront',
  status: 'ok',
  phase: 'Healthy',
  step: { index: 6, total: 6 },
  canaryWeight: 100,
  stableTag: '1.4.0',
  canaryTag: '1.4.0',
  aborted: false,
  paused: false,
  fullyPromoted: true,
  ...over,
});

export const canarying = (over: Partial<RolloutData> = {}): RolloutData =>
  promoted({
    status: 'warning',
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    step: { index: 2, total: 6 },
    canaryWeight: 10,
    analysis: { name: 'storefront-api-5d8f-3-2', status: 'Running' },
    canaryTag: '1.5.0',
    fullyPromoted: false,
    ...over,
  });

export const abortedCanary = (): RolloutData =>
  canarying({
    status: 'critical',
    phase: 'Degraded',
    message: 'RolloutAborted: Rollout aborted update to revision 3',
    step: { index: 0, total: 6 },
    canaryWeight: 0,
    aborted: true,
    analysis: {
      name: 'storefront-api-5d8f-3-2',
      status: 'Failed',
      message:
        'Metric "requests-availability-burn-rate" assessed Failed due to failed (1) > failureLimit (0)',
    },
  });

const clusters = {
  gcp: { provider: 'gcp', region: 'europe-west1', upgradeRing: 'ring-0' },
  aws: { provider: 'aws', region: 'us-east-1', upgradeRing: 'ring-1' },
  azure: { provider: 'azure', region: 'eastus', upgradeRing: 'ring-2' },
};

/** A row of cluster `<provider>-1` whose rollout cell holds `rollouts`. */
export const rowOf = (
  provider: keyof typeof clusters,
  rollouts: RolloutData[],
  ring = clusters[provider].upgradeRing,
): FleetRow => {
  const worst = rollouts.find(rollout => rollout.status !== 'ok');
  return {
    cluster: {
      name: `${provider}-1`,
      title: `${provider.toUpperCase()} 1`,
      ...clusters[provider],
      upgradeRing: ring,
    },
    cells: {
      rollout: {
        status: worst?.status ?? 'ok',
        summary: 'summary line',
        fetchedAt: '2026-12-05T12:00:00Z',
        data: { rollouts },
      },
    },
  };
};

/** A row whose rollout cell is an error: its cluster did not answer. */
export const silentRow = (provider: keyof typeof clusters): FleetRow => ({
  ...rowOf(provider, []),
  cells: {
    rollout: {
      status: 'unknown',
      summary: 'cannot reach azure-1',
      fetchedAt: '2026-12-05T12:00:00Z',
      error: {
        name: 'Error',
        message: "cannot reach azure-1's Kubernetes API: connection refused",
      },
    },
  },
});
