import { FleetCell, FleetRow } from '@internal/plugin-fleet-common';
import { withHeadroom } from './headroom';
import { workloadsRow } from './__testUtils__/rows';

const cell = (hpaCurrent: number, hpaMax: number): FleetCell => ({
  status: 'ok',
  summary: `${hpaCurrent} ready`,
  data: { totals: { hpaCurrent, hpaMax } },
  fetchedAt: '2026-11-22T00:00:00Z',
});
const dead: FleetCell = {
  status: 'unknown',
  summary: 'cannot reach c',
  error: { name: 'Error', message: 'cannot reach c' },
  fetchedAt: '2026-11-22T00:00:00Z',
};
const row = workloadsRow;
const headroom = (rows: FleetRow[], i: number) =>
  (withHeadroom(rows)[i].cells.workloads.data as any).headroom;

describe('withHeadroom', () => {
  it('is enough when the others have room for this cluster’s replicas', () => {
    const rows = [
      row('a', cell(4, 12)),
      row('b', cell(4, 12)),
      row('c', cell(4, 12)),
    ];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 4,
      spare: 16,
      enough: true,
    });
    expect(withHeadroom(rows)[0].cells.workloads.summary).toBe(
      '4 ready · N-1 ok',
    );
  });

  it('is short, and warns, when the others are near their maximums', () => {
    const rows = [
      row('a', cell(10, 12)),
      row('b', cell(9, 10)),
      row('c', cell(9, 12)),
    ];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 10,
      spare: 4,
      enough: false,
    });
    const a = withHeadroom(rows)[0].cells.workloads;
    expect(a.status).toBe('warning');
    expect(a.summary).toBe('10 ready · N-1 short by 6');
  });

  it('judges from the clusters that answer when one is down: it adds no room', () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 6))];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 4,
      spare: 2,
      enough: false,
      reason:
        'the others can add only 2 of the 4 replicas this cluster runs (not counting b, which did not answer)',
    });
    expect(withHeadroom(rows)[0].cells.workloads.status).toBe('warning');
    // The dead row's cell stays the error it is.
    expect(withHeadroom(rows)[1].cells.workloads).toBe(dead);
  });

  it("judges the down cluster's own loss from its last answer, with its age", () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 12))];
    const now = new Date('2026-11-22T00:03:00Z');
    const [, b] = withHeadroom(
      rows,
      {
        b: {
          totals: { hpaCurrent: 6, hpaMax: 12 } as any,
          at: '2026-11-22T00:00:00Z',
        },
      },
      now,
    );
    expect(b.headroom).toEqual({
      needed: 6,
      spare: 16,
      enough: true,
      reason:
        'the others can add 16 replicas; losing this cluster needs 6; b did not answer: 6 replicas at its last answer, 3 min ago',
      lastAnsweredAt: '2026-11-22T00:00:00Z',
    });
  });

  it('cannot tell only for a cluster never seen answering', () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 12))];
    expect(withHeadroom(rows)[1].headroom).toMatchObject({
      enough: null,
      reason:
        'cannot tell: b did not answer, and no earlier answer of its workloads is known',
    });
    // Never unknown for all three at once.
    expect(withHeadroom(rows).map(r => r.headroom?.enough)).toEqual([
      true,
      null,
      true,
    ]);
  });

  it('is never enough on a single cluster', () => {
    expect(headroom([row('a', cell(2, 5))], 0)).toMatchObject({
      enough: false,
      reason: 'no other cluster to take over',
    });
  });
});
