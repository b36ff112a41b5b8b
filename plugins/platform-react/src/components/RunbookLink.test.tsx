import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { RUNBOOKS, runbookHref } from '@internal/plugin-platform-common';
import { RunbookLink } from './RunbookLink';

const future = { v7_startTransition: true, v7_relativeSplatPath: true };

describe('RunbookLink', () => {
  it('links "Runbook" to the section in the portal\'s TechDocs', () => {
    render(
      <MemoryRouter future={future}>
        <RunbookLink section={RUNBOOKS.drained} testId="runbook-drain-a" />
      </MemoryRouter>,
    );
    const link = screen.getByRole('link', { name: 'Runbook' });
    expect(link).toHaveAttribute('href', runbookHref(RUNBOOKS.drained));
    expect(link).toHaveAttribute('data-testid', 'runbook-drain-a');
  });

  it('adds no test id unless asked', () => {
    render(
      <MemoryRouter future={future}>
        <RunbookLink section={RUNBOOKS.autoSync} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'Runbook' })).not.toHaveAttribute(
      'data-testid',
    );
  });
});
