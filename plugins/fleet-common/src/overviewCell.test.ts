import { FleetCell } from './model';
import { overviewCell } from './overviewCell';

const cell = (
  status: FleetCell['status'],
  extra: Partial<FleetCell> = {},
): FleetCell => ({
  status,
  summary: status,
  fetchedAt: '2026-11-22T12:00:00Z',
  ...extra,
});
const row = (cells: Record<string, FleetCell>) => ({
  cluster: {
    name: 'aws',
    title: 'aws',
    provider: 'aws',
    region: 'r',
    upgradeRing: 'r',
  },
  cells,
});

describe('overviewCell', () => {
  it('carries the share of traffic and a drain from the traffic column', () => {
    expect(
      overviewCell(
        row({
          argocd: cell('ok', { data: { revisions: ['b', 'a'] } }),
          traffic: cell('warning', {
            data: { share: 0, drain: { actor: 'x' } },
          }),
        }),
      ),
    ).toEqual({
      status: 'warning',
      revisions: ['a', 'b'],
      summary: '1 signal needs attention',
      share: 0,
      drained: true,
    });
  });

  it('carries the SLO verdict on its own: paging, burning, or unknown when it did not answer', () => {
    expect(overviewCell(row({ slo: cell('critical') })).slo).toBe('critical');
    expect(
      overviewCell(row({ argocd: cell('critical'), slo: cell('warning') })).slo,
    ).toBe('warning');
    expect(
      overviewCell(
        row({
          slo: cell('ok', { error: { name: 'Error', message: 'refused' } }),
        }),
      ).slo,
    ).toBe('unknown');
    expect(overviewCell(row({ argocd: cell('ok') })).slo).toBeUndefined();
  });

  it('has no share without a traffic column or when it failed', () => {
    expect(overviewCell(row({ argocd: cell('ok') })).share).toBeUndefined();
    expect(
      overviewCell(
        row({
          argocd: cell('ok'),
          traffic: cell('unknown', {
            error: { name: 'Error', message: 'x' },
            data: { share: 1 },
          }),
        }),
      ).share,
    ).toBeUndefined();
  });

  it('is unknown, not healthy, when no source answered', () => {
    const err = { name: 'Error', message: 'refused' };
    expect(
      overviewCell(
        row({
          argocd: cell('unknown', { error: err }),
          slo: cell('unknown', { error: err }),
        }),
      ),
    ).toMatchObject({
      status: 'unknown',
      summary: 'no answer from the cluster',
    });
  });

  it('says which signals did not answer or are unknown, never "all signals OK"', () => {
    const err = { name: 'DeadlineExceededError', message: 'late' };
    expect(
      overviewCell(
        row({
          argocd: cell('ok'),
          workloads: cell('warning'),
          slo: cell('unknown', { error: err }),
          policy: cell('unknown'),
        }),
      ),
    ).toMatchObject({
      status: 'warning',
      summary:
        '1 signal needs attention; 1 signal did not answer; 1 signal unknown',
    });
    expect(
      overviewCell(row({ argocd: cell('ok'), slo: cell('ok') })).summary,
    ).toBe('all signals OK');
  });
});
