import { render, screen } from '@testing-library/react';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge', () => {
  it("renders the status's own label, on the status's colour", () => {
    render(<StatusBadge status="critical" testId="badge" />);
    const badge = screen.getByTestId('badge');
    expect(badge).toHaveTextContent(/^Critical$/);
    expect(badge).toHaveStyle({ background: '#d32f2f' });
  });

  it('renders the label it is given', () => {
    render(<StatusBadge status="warning" label="Drift" />);
    expect(screen.getByText('Drift')).toBeInTheDocument();
    expect(screen.queryByText('Warning')).not.toBeInTheDocument();
  });

  it.each([
    ['ok', 'OK'],
    ['warning', 'Warning'],
    ['critical', 'Critical'],
    ['unknown', 'Unknown'],
  ] as const)('labels %s as %s', (status, label) => {
    render(<StatusBadge status={status} />);
    expect(screen.getByText(label)).toBeInTheDocument();
  });

  it('adds no test id unless asked', () => {
    const { container } = render(<StatusBadge status="ok" />);
    expect(container.querySelector('[data-testid]')).toBeNull();
  });
});
