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

  it('is unknown, not ready, when a cluster did not answer', () => {
    const result = failoverReadiness(entity(complete), [
      row('a', true),
      row('b', null),
    ]);
    expect(result).toEqual({
      verdict: 'unknown',
      reasons: ['N-1 headroom for b unknown'],
    });
  });
});
