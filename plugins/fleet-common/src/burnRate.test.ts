import {
  BurnWindow,
  evaluateBurnRate,
  SloStatus,
  worstStatus,
} from './burnRate';

// Objective 99.9%: the budget is 0.001, so a ratio of 0.0144 burns 14.4x.
const objective = 0.999;
const quiet: Record<BurnWindow, number> = {
  '5m': 0.0002,
  '30m': 0.0002,
  '1h': 0.0002,
  '2h': 0.0002,
  '6h': 0.0002,
  '1d': 0.0002,
  '3d': 0.0002,
};
const r = (change: Partial<Record<BurnWindow, number | undefined>>) => ({
  ...quiet,
  ...change,
});

describe('evaluateBurnRate', () => {
  const cases: Array<
    [string, Partial<Record<BurnWindow, number | undefined>>, SloStatus, RegExp]
  > = [
    ['every window quiet', quiet, 'ok', /within budget · fastest burn 0\.2×/],
    [
      'a fast burn on 1h and 5m',
      r({ '1h': 0.015, '5m': 0.02 }),
      'page',
      /15x over 1h and 20x over 5m \(threshold 14\.4x\)/,
    ],
    [
      'a spike that has stopped (1h burning, 5m quiet)',
      r({ '1h': 0.015, '5m': 0.0005 }),
      'ok',
      /within budget · fastest burn 15×/,
    ],
    [
      'a slow burn on 6h and 30m',
      r({ '6h': 0.007, '30m': 0.008 }),
      'page',
      /7x over 6h and 8x over 30m \(threshold 6x\)/,
    ],
    [
      'a burn on 1d and 2h',
      r({ '1d': 0.0035, '2h': 0.004 }),
      'ticket',
      /3\.5x over 1d and 4x over 2h/,
    ],
    [
      'a burn on 3d and 6h',
      r({ '3d': 0.0012, '6h': 0.0015 }),
      'ticket',
      /1\.2x over 3d and 1\.5x over 6h/,
    ],
    [
      'exactly the page threshold',
      r({ '1h': 0.0144, '5m': 0.0144 }),
      'ok',
      /fastest burn 14\.4×/,
    ],
    [
      'just above the page threshold',
      r({ '1h': 0.0145, '5m': 0.0145 }),
      'page',
      /14\.5x over 1h/,
    ],
    [
      'no requests in any window (NaN)',
      Object.fromEntries(Object.keys(quiet).map(w => [w, NaN])),
      'no-traffic',
      /no requests/,
    ],
    [
      'no requests in the last 5m while 1h burned',
      r({ '1h': 0.02, '5m': NaN }),
      'ok',
      /within budget · fastest burn 20×/,
    ],
    [
      'no series at all',
      Object.fromEntries(Object.keys(quiet).map(w => [w, undefined])),
      'unknown',
      /ratio_rate\* are missing/,
    ],
    [
      'the slow windows missing (not yet evaluated): ok, saying what was not checked',
      r({ '1d': undefined, '3d': undefined }),
      'ok',
      /^within budget · fastest burn 0\.2× · not recorded: 1d, 3d \(the alerts on them not checked\)$/,
    ],
    [
      'only long windows present',
      { '1h': 0.02, '1d': 0.02, '3d': 0.02 },
      'unknown',
      /windows needed by every alert are missing/,
    ],
  ];

  it.each(cases)('%s', (_title, ratios, status, reason) => {
    const result = evaluateBurnRate({ objective, ratios });
    expect(result.status).toBe(status);
    expect(result.reason).toMatch(reason);
  });

  it('reports the burn rate of every window, null where there is no traffic or no data', () => {
    const result = evaluateBurnRate({
      objective,
      ratios: r({ '5m': NaN, '3d': undefined, '1h': 0.003 }),
    });
    expect(result.burnRates['5m']).toBeNull();
    expect(result.burnRates['3d']).toBeNull();
    expect(result.burnRates['1h']).toBeCloseTo(3, 9);
  });

  it('lists every firing condition, pages first', () => {
    const result = evaluateBurnRate({
      objective,
      ratios: {
        '5m': 0.05,
        '30m': 0.05,
        '1h': 0.05,
        '2h': 0.05,
        '6h': 0.05,
        '1d': 0.05,
        '3d': 0.05,
      },
    });
    expect(result.firing.map(c => `${c.severity}:${c.long}`)).toEqual([
      'page:1h',
      'page:6h',
      'ticket:1d',
      'ticket:3d',
    ]);
  });

  it.each([
    [undefined, /slo:objective:ratio is missing/],
    [1, /not between 0 and 1/],
    [0, /not between 0 and 1/],
  ])('cannot judge an SLO whose objective is %s', (value, reason) => {
    const result = evaluateBurnRate({ objective: value, ratios: quiet });
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(reason);
  });

  it('passes the remaining budget through, and NaN as unknown', () => {
    expect(
      evaluateBurnRate({ objective, ratios: quiet, budgetRemaining: 0.42 })
        .budgetRemaining,
    ).toBe(0.42);
    expect(
      evaluateBurnRate({ objective, ratios: quiet, budgetRemaining: NaN })
        .budgetRemaining,
    ).toBeNull();
  });
});

describe('worstStatus', () => {
  it.each([
    [['ok', 'page', 'ticket'], 'page'],
    [['ok', 'ticket'], 'ticket'],
    [['ok', 'unknown'], 'unknown'],
    [['no-traffic', 'ok'], 'ok'],
    [['no-traffic'], 'no-traffic'],
  ] as Array<[SloStatus[], SloStatus]>)('%j → %s', (statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});
