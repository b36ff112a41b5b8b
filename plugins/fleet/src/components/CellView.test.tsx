import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { FleetCell } from '@internal/plugin-fleet-common';
import { RUNBOOKS, runbookHref } from '@internal/plugin-platform-common';
import { CellBadge, CellView } from './CellView';

const future = { v7_startTransition: true, v7_relativeSplatPath: true };

const cell = (over: Partial<FleetCell>): FleetCell => ({
  status: 'ok',
  summary: 'Synced · Healthy',
  fetchedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const renderCell = (node: JSX.Element) =>
  render(<MemoryRouter future={future}>{node}</MemoryRouter>);

describe('CellView', () => {
  it('shows the status, the summary and no runbook when all is well', () => {
    renderCell(<CellView cell={cell({ runbook: RUNBOOKS.badRelease })} />);
    expect(screen.getByTestId('cell-ok')).toHaveTextContent(
      /^OKSynced · Healthy/,
    );
    expect(screen.queryByRole('link', { name: 'Runbook' })).toBeNull();
  });

  it('links a critical cell to its runbook', () => {
    renderCell(
      <CellView
        cell={cell({
          status: 'critical',
          summary: 'Degraded',
          runbook: RUNBOOKS.badRelease,
        })}
      />,
    );
    expect(screen.getByTestId('cell-critical')).toHaveTextContent(
      /^CriticalDegraded/,
    );
    expect(screen.getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      runbookHref(RUNBOOKS.badRelease),
    );
  });

  it('shows a source that did not answer as an error', () => {
    renderCell(
      <CellBadge
        cell={cell({
          status: 'unknown',
          summary: 'timed out',
          error: { name: 'Error', message: 'timed out' },
          runbook: RUNBOOKS.clusterUnreachable,
        })}
      />,
    );
    expect(screen.getByTestId('cell-error')).toHaveTextContent(/^Error/);
    expect(screen.getByRole('link', { name: 'Runbook' })).toBeInTheDocument();
  });

  it('shows a dash for a missing cell', () => {
    renderCell(<CellView />);
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
