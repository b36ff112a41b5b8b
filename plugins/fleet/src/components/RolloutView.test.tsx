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

  it('keeps each tag on one line, at most 12em, cut with an ellipsis, whole in its title', () => {
    render(
      <RolloutView
        cell={cellOf([
          canarying({
            stableTag: 'sha-3f2c9a1b7d4e',
            canaryTag: 'sha-1b7d4e3f2c9a',
          }),
          promoted({ name: 'storefront-web' }),
        ])}
      />,
    );
    const [canaryTags, stableTags] = screen.getAllByTestId('rollout-tags');
    expect(canaryTags).toHaveTextContent('sha-3f2c9a1b7d4e → sha-1b7d4e3f2c9a');
    expect(canaryTags).toHaveAttribute(
      'title',
      'sha-3f2c9a1b7d4e → sha-1b7d4e3f2c9a',
    );
    const tags = screen.getAllByTestId('rollout-tag');
    expect(tags.map(tag => tag.getAttribute('title'))).toEqual([
      'sha-3f2c9a1b7d4e',
      'sha-1b7d4e3f2c9a',
      '1.4.0',
    ]);
    for (const tag of tags) {
      expect(tag).toHaveStyle({
        display: 'inline-block',
        maxWidth: '12em',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      });
    }
    expect(stableTags).toHaveTextContent('1.4.0');
  });
});
