import { render, screen } from '@testing-library/react';
import { FleetCell, RolloutData } from '@internal/plugin-fleet-common';
import { RolloutView } from './RolloutView';
import { canarying, promoted } from '../__testUtils__/rolloutRows';

const cellOf = (rollouts: RolloutData[]): FleetCell => ({
  status: 'warning',
  summary: 'summary line',
  fetchedAt: '2026-12-05T12:00:00Z',
  data: { rollouts },
});

describe('RolloutView at 1440 px: words wrap whole', () => {
  it('wraps only between words and between parts, never inside one', () => {
    render(<RolloutView cell={cellOf([canarying()])} />);
    const lines = screen.getByTestId('rollout-lines');
    // The app's theme lets a table cell break a word that does not fit
    // (overflow-wrap: break-word); this column must not.
    expect(lines).toHaveStyle({ wordBreak: 'normal', overflowWrap: 'normal' });
    expect(lines).toHaveTextContent(
      'storefront-api: Progressing · step 2 of 6 · canary at 10 % · analysis Running · 1.4.0 → 1.5.0',
    );
    // Each part stays on one line: "step 2 of 6" never as "step 2" / "of 6".
    for (const part of [
      'Progressing',
      '· step 2 of 6',
      '· canary at 10 %',
      '· analysis Running',
    ]) {
      expect(screen.getByText(part)).toHaveStyle({ whiteSpace: 'nowrap' });
    }
  });

  it('keeps the tags on one line, cut with an ellipsis, whole in the title', () => {
    render(
      <RolloutView
        cell={cellOf([canarying(), promoted({ name: 'storefront-web' })])}
      />,
    );
    const [canaryTags, stableTag] = screen.getAllByTestId('rollout-tags');
    expect(canaryTags).toHaveTextContent('1.4.0 → 1.5.0');
    expect(canaryTags).toHaveAttribute('title', '1.4.0 → 1.5.0');
    expect(canaryTags).toHaveStyle({
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    });
    expect(stableTag).toHaveAttribute('title', '1.4.0');
  });
});
