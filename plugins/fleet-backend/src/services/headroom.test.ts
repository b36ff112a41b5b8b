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

  it('cannot tell when another cluster did not answer', () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 12))];
    expect(headroom(rows, 0)).toMatchObject({
      enough: null,
      reason: 'cannot tell: no workload data from b',
    });
    expect(withHeadroom(rows)[0].cells.workloads.status).toBe('ok');
    // The dead row itself gets nothing added.
    expect(withHeadroom(rows)[1].cells.workloads).toBe(dead);
  });

  it('is never enough on a single cluster', () => {
    expect(headroom([row('a', cell(2, 5))], 0)).toMatchObject({
      enough: false,
      reason: 'no other cluster to take over',
    });
  });
});
