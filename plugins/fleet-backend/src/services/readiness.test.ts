import { FleetRow } from '@internal/plugin-fleet-common';
import { failoverReadiness } from './readiness';
import { workloadsRow } from './__testUtils__/rows';

const row = (name: string, enough: boolean | null): FleetRow =>
  workloadsRow(name, {
    status: 'ok',
    summary: '',
    fetchedAt: '2026-11-22T00:00:00Z',
    data: {
      headroom: {
        enough,
        reason: enough
          ? 'room'
          : 'the others can add only 2 of the 10 replicas',
      },
    },
  });
const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'p', annotations },
});
const complete = {
  'trinity.io/entry-point': 'shop.trinity.example',
  'trinity.io/data-mode': 'replicated',
};

describe('failoverReadiness', () => {
  it('is ready on three clusters with headroom, an entry point and replicated data', () => {
    const result = failoverReadiness(entity(complete), [
      row('a', true),
      row('b', true),
      row('c', true),
    ]);
    expect(result.verdict).toBe('ready');
    expect(result.reasons).toEqual([
      'runs on 3 clusters with N-1 headroom on each',
      'entry point shop.trinity.example',
      'data mode replicated',
    ]);
  });

  it.each([
    [
      'one cluster only',
      complete,
      [row('a', true)],
      /runs on 1 cluster; losing it loses the product/,
    ],
    [
      'no entry point',
      { 'trinity.io/data-mode': 'replicated' },
      [row('a', true), row('b', true)],
      /no global entry point/,
    ],
    [
      'a single-region primary (fake active-active)',
      { ...complete, 'trinity.io/data-mode': 'single-region-primary' },
      [row('a', true), row('b', true)],
      /writes would not/,
    ],
    [
      'a cluster whose loss cannot be absorbed',
      complete,
      [row('a', false), row('b', true)],
      /losing a: the others can add only 2/,
    ],
  ])('is not ready with %s', (_title, annotations, rows, reason) => {
    const result = failoverReadiness(entity(annotations), rows);
    expect(result.verdict).toBe('not-ready');
    expect(result.reasons.join('\n')).toMatch(reason);
  });

  it('is unknown, not ready, when a headroom cannot be judged', () => {
    const result = failoverReadiness(entity(complete), [
      row('a', true),
      row('b', null),
    ]);
    expect(result).toEqual({
      verdict: 'unknown',
      reasons: [
        'N-1 headroom for b unknown: the others can add only 2 of the 10 replicas',
      ],
    });
  });

  /** Three healthy rows, with `over` merged into cluster a's cells. */
  const live = (over: Record<string, any>) => {
    const rows = ['a', 'b', 'c'].map(name => row(name, true));
    rows[0] = { ...rows[0], cells: { ...rows[0].cells, ...over } };
    return failoverReadiness(entity(complete), rows);
  };
  const cell = (status: string, summary: string, data?: object) => ({
    status,
    summary,
    fetchedAt: '2026-11-22T00:00:00Z',
    ...(data && { data }),
  });

  it.each([
    [
      'a cluster is drained',
      {
        traffic: cell('warning', 'drained', {
          weight: 0,
          share: 0,
          drain: { actor: 'user:default/guest', reason: 'game day' },
        }),
      },
      'a takes no traffic (drained by user:default/guest: game day)',
    ],
    [
      'a cluster is critical',
      { argocd: cell('critical', 'Degraded') },
      'a: argocd critical (Degraded)',
    ],
    [
      'a cluster burns at page level',
      { slo: cell('critical', 'checkout-availability: page burn 14x') },
      'a: slo critical (checkout-availability: page burn 14x)',
    ],
    [
      'a cluster burns at ticket level',
      { slo: cell('warning', 'checkout-availability: ticket burn 3x') },
      'a burns its error budget: checkout-availability: ticket burn 3x',
    ],
    [
      'a cluster does not answer',
      {
        argocd: {
          ...cell('unknown', 'cannot reach a'),
          error: { name: 'Error', message: 'connection refused' },
        },
      },
      'a did not answer (argocd): connection refused',
    ],
  ])('is not ready while %s', (_title, over, reason) => {
    const result = live(over);
    expect(result.verdict).toBe('not-ready');
    expect(result.reasons).toContain(reason);
  });

  it('says how each loss was judged while a cluster does not answer', () => {
    const silentRow: FleetRow = {
      ...workloadsRow('a', {
        status: 'unknown',
        summary: 'cannot reach a',
        fetchedAt: '2026-11-22T00:00:00Z',
        error: { name: 'Error', message: 'connection refused' },
      }),
      headroom: {
        needed: 6,
        spare: 16,
        enough: true,
        reason:
          'the others can add 16 replicas; losing this cluster needs 6; a did not answer: 6 replicas at its last answer, 3 min ago',
        lastAnsweredAt: '2026-11-22T00:00:00Z',
      },
    };
    const result = failoverReadiness(entity(complete), [
      silentRow,
      row('b', true),
      row('c', true),
    ]);
    expect(result.verdict).toBe('not-ready');
    expect(result.reasons).toEqual([
      'a did not answer (workloads): connection refused',
      'losing a: the others can add 16 replicas; losing this cluster needs 6; a did not answer: 6 replicas at its last answer, 3 min ago',
      'losing b: room',
      'losing c: room',
    ]);
  });
});
