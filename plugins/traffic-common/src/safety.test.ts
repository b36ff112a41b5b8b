import {
  ClusterSignals,
  evaluateSafety,
  isAllowed,
  SafetyInput,
} from './safety';

const fine: ClusterSignals = {
  health: 'healthy',
  pageBurn: false,
  headroom: true,
};
const silent: ClusterSignals = {
  health: 'unknown',
  healthDetail: 'workloads did not answer',
  pageBurn: false,
  headroom: null,
};
const now = new Date('2026-11-22T12:00:00Z');
const three = { aws: 1, gcp: 1, azure: 1 };

const input = (over: Partial<SafetyInput>): SafetyInput => ({
  tier: 'tier-1',
  before: three,
  after: { ...three, aws: 0 },
  providerHealth: { aws: 'healthy', gcp: 'healthy', azure: 'healthy' },
  fleet: { aws: fine, gcp: fine, azure: fine },
  lastChange: {},
  cooldownMs: 120_000,
  now,
  ...over,
});

const failing = (i: SafetyInput) =>
  evaluateSafety(i)
    .filter(c => c.status === 'fail')
    .map(c => c.id);

describe('evaluateSafety', () => {
  it.each<[string, Partial<SafetyInput>, string[]]>([
    ['draining one of three healthy clusters', {}, []],
    [
      'draining the second-to-last healthy cluster of a tier-1 product',
      { before: { ...three, aws: 0 }, after: { aws: 0, gcp: 0, azure: 1 } },
      ['min-healthy'],
    ],
    [
      'draining the last healthy cluster of a tier-3 product',
      {
        tier: 'tier-3',
        before: { aws: 0, gcp: 0, azure: 1 },
        after: { aws: 0, gcp: 0, azure: 0 },
      },
      ['keeps-a-target', 'min-healthy'],
    ],
    [
      'draining the last serving target when nothing is known of the others',
      {
        tier: 'tier-3',
        before: { aws: 0, gcp: 0, azure: 1 },
        after: { aws: 0, gcp: 0, azure: 0 },
        providerHealth: { aws: 'unknown', gcp: 'unknown', azure: 'unknown' },
        fleet: { aws: silent, gcp: silent, azure: silent },
      },
      // The leaving cluster's unknown load is not the reason; the last
      // target is, and that is never allowed.
      ['keeps-a-target'],
    ],
    [
      'draining toward a cluster whose provider check is unknown',
      {
        providerHealth: { aws: 'healthy', gcp: 'unknown', azure: 'healthy' },
      },
      ['min-healthy', 'receivers-healthy'],
    ],
    [
      'draining toward a cluster whose workloads failed',
      {
        fleet: {
          aws: fine,
          gcp: {
            ...fine,
            health: 'failing',
            healthDetail: 'workloads critical',
          },
          azure: fine,
        },
      },
      ['min-healthy', 'receivers-healthy'],
    ],
    [
      'draining while another cluster is already dead counts only the healthy',
      {
        fleet: {
          aws: fine,
          gcp: silent,
          azure: fine,
        },
      },
      ['min-healthy', 'receivers-healthy'],
    ],
    [
      'draining toward a cluster that burns at page level',
      { fleet: { aws: fine, gcp: { ...fine, pageBurn: true }, azure: fine } },
      ['receivers-not-burning'],
    ],
    [
      'draining toward a cluster the provider reports unhealthy',
      {
        tier: 'tier-3',
        providerHealth: { aws: 'healthy', gcp: 'unhealthy', azure: 'healthy' },
      },
      [],
    ],
    [
      'draining without N-1 headroom',
      {
        fleet: {
          aws: { ...fine, headroom: false, headroomReason: 'short by 3' },
          gcp: fine,
          azure: fine,
        },
      },
      ['headroom'],
    ],
    [
      'draining a cluster changed 30 s ago (cooldown)',
      { lastChange: { aws: new Date(now.getTime() - 30_000) } },
      ['cooldown'],
    ],
    [
      'draining a cluster changed 3 min ago',
      { lastChange: { aws: new Date(now.getTime() - 180_000) } },
      [],
    ],
    [
      'restoring a cluster while two are down (adds capacity)',
      {
        before: { aws: 0, gcp: 0, azure: 1 },
        after: { aws: 1, gcp: 0, azure: 1 },
      },
      [],
    ],
    [
      'restoring toward a cluster that is still dead',
      {
        before: { ...three, aws: 0 },
        after: three,
        fleet: {
          aws: silent,
          gcp: fine,
          azure: fine,
        },
      },
      ['receivers-healthy'],
    ],
    [
      'restoring, 30 s after, what a drain of aws took (its rollback)',
      {
        before: { ...three, aws: 0 },
        after: three,
        lastChange: { aws: new Date(now.getTime() - 30_000) },
        rollback: ['aws'],
      },
      [],
    ],
    [
      'changing aws again 30 s after, other than by rolling it back',
      {
        before: { ...three, aws: 0 },
        after: { ...three, aws: 2 },
        lastChange: { aws: new Date(now.getTime() - 30_000) },
      },
      ['cooldown'],
    ],
    [
      'draining a cluster whose own load cannot be judged (it is the one leaving)',
      {
        fleet: {
          aws: { ...fine, headroom: null, headroomReason: 'no workload data' },
          gcp: fine,
          azure: fine,
        },
      },
      [],
    ],
    ['an action that changes nothing', { after: three }, ['changes-something']],
  ])('%s', (_, over, expected) => {
    expect(failing(input(over)).sort()).toEqual([...expected].sort());
  });

  it('says why a receiver is not healthy: unknown is not healthy', () => {
    const checks = evaluateSafety(
      input({
        tier: 'tier-3',
        fleet: { aws: fine, gcp: silent, azure: fine },
        providerHealth: { aws: 'healthy', gcp: 'healthy', azure: 'unknown' },
      }),
    );
    expect(checks.find(c => c.id === 'receivers-healthy')).toMatchObject({
      status: 'fail',
      detail:
        'not positively healthy: gcp: unknown (workloads did not answer); azure: provider check unknown',
    });
  });

  it('never lets the last serving target go, not even forced', () => {
    const checks = evaluateSafety(
      input({
        tier: 'tier-3',
        before: { aws: 0, gcp: 0, azure: 1 },
        after: { aws: 0, gcp: 0, azure: 0 },
      }),
    );
    expect(isAllowed(checks, true)).toBe(false);
    expect(checks.find(c => c.id === 'keeps-a-target')?.overridable).toBe(
      false,
    );
  });

  it('names the failing clusters and numbers in each detail', () => {
    const checks = evaluateSafety(
      input({
        fleet: { aws: fine, gcp: { ...fine, pageBurn: true }, azure: fine },
        lastChange: { aws: new Date(now.getTime() - 30_000) },
      }),
    );
    const byId = Object.fromEntries(checks.map(c => [c.id, c]));
    expect(byId['receivers-not-burning'].detail).toBe(
      'gcp burns at page level',
    );
    expect(byId.cooldown.title).toBe(
      'No change to aws for 120 s after the last (anti-flap)',
    );
    expect(byId.cooldown.detail).toBe('aws changed 30 s ago: 90 s left');
    expect(byId['min-healthy'].detail).toBe(
      '2 healthy serving after (gcp, azure), 3 before',
    );
  });
});

describe('isAllowed', () => {
  const headroomOnly = evaluateSafety(
    input({
      fleet: {
        aws: { ...fine, headroom: false, headroomReason: 'short by 3' },
        gcp: fine,
        azure: fine,
      },
    }),
  );

  it('lets force override headroom, and only headroom', () => {
    expect(isAllowed(headroomOnly, false)).toBe(false);
    expect(isAllowed(headroomOnly, true)).toBe(true);
    const burning = evaluateSafety(
      input({
        fleet: { aws: fine, gcp: { ...fine, pageBurn: true }, azure: fine },
      }),
    );
    expect(isAllowed(burning, true)).toBe(false);
  });
});

describe('the rollback and the cluster leaving, in words', () => {
  it('says a rollback is allowed, and why', () => {
    const cooldown = evaluateSafety(
      input({
        before: { ...three, aws: 0 },
        after: three,
        lastChange: { aws: new Date(now.getTime() - 30_000) },
        rollback: ['aws'],
      }),
    ).find(c => c.id === 'cooldown')!;
    expect(cooldown).toMatchObject({
      status: 'pass',
      title: 'No cluster changed in the last 120 s (anti-flap)',
      detail:
        'aws changed 30 s ago; this restores what that drain took (a rollback, allowed)',
    });
  });

  it('says the leaving cluster could not be judged', () => {
    const headroom = evaluateSafety(
      input({
        fleet: {
          aws: { ...fine, headroom: null, headroomReason: 'no workload data' },
          gcp: fine,
          azure: fine,
        },
      }),
    ).find(c => c.id === 'headroom')!;
    expect(headroom).toMatchObject({
      status: 'pass',
      detail:
        'aws: its load cannot be judged (no workload data); it is the cluster leaving, so this does not stop its drain',
    });
  });
});
