import { Typography } from '@material-ui/core';
import {
  cellDataOf,
  FleetCell,
  RolloutData,
} from '@internal/plugin-fleet-common';
import { Words } from '@internal/plugin-platform-react';

/**
 * Wrap between words only. The app's theme lets a cell break inside a word
 * that cannot fit (`overflow-wrap: break-word`); in this column, squeezed
 * by the others at 1440 px, that cut "Progressing" and the tags mid-word.
 */
const wholeWords = { wordBreak: 'normal', overflowWrap: 'normal' } as const;
/** One part of a line ("step 2 of 6") stays on one line. */
const unbroken = { whiteSpace: 'nowrap' } as const;
/**
 * A tag: never broken, at most 12em wide (cut with an ellipsis, whole in
 * its title), so a long tag neither breaks nor widens the column.
 */
const tagStyle = {
  display: 'inline-block',
  maxWidth: '12em',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
} as const;

/** One Rollout's line: what runs, or how far a new version got, and its tags. */
function rolloutParts(rollout: RolloutData): {
  head: string;
  parts: string[];
  /** The stable tag, then the canary's when one is on its way. */
  tags: string[];
} {
  if (rollout.status === 'ok') {
    return {
      head: `${rollout.name} runs`,
      parts: [],
      tags: [rollout.stableTag ?? 'an unknown tag'],
    };
  }
  const parts = [rollout.aborted ? 'aborted' : rollout.phase];
  if (rollout.step) {
    parts.push(`step ${rollout.step.index} of ${rollout.step.total}`);
  }
  parts.push(`canary at ${rollout.canaryWeight} %`);
  if (rollout.analysis) parts.push(`analysis ${rollout.analysis.status}`);
  return {
    head: `${rollout.name}:`,
    parts,
    tags: [rollout.stableTag ?? 'unknown', rollout.canaryTag ?? 'unknown'],
  };
}

/** One Rollout in words: what runs, and how far a new version got. */
export function rolloutWords(rollout: RolloutData): string {
  const { head, parts, tags } = rolloutParts(rollout);
  return [head, [...parts, tags.join(' → ')].join(' · ')].join(' ');
}

const Tag = ({ tag }: { tag: string }) => (
  <span style={tagStyle} title={tag} data-testid="rollout-tag">
    {tag}
  </span>
);

/** A Rollout's line, breakable only between its parts (and before the arrow). */
const RolloutLine = ({ rollout }: { rollout: RolloutData }) => {
  const { head, parts, tags } = rolloutParts(rollout);
  const [stable, canary] = tags;
  return (
    <Typography variant="body2" style={wholeWords}>
      <Words text={head} />
      {parts.map((part, index) => (
        <span key={part}>
          {' '}
          <span style={unbroken}>
            {index > 0 ? '· ' : ''}
            {part}
          </span>
        </span>
      ))}{' '}
      <span data-testid="rollout-tags" title={tags.join(' → ')}>
        <span style={unbroken}>
          {parts.length > 0 ? '· ' : ''}
          <Tag tag={stable} />
        </span>
        {canary !== undefined && (
          <>
            {' '}
            <span style={unbroken}>
              → <Tag tag={canary} />
            </span>
          </>
        )}
      </span>
    </Typography>
  );
};

/**
 * The rollout column's detail: one line per Rollout, and for a canary that
 * failed, why (the analysis' message, else the controller's). Falls back to
 * the cell's summary when it holds no Rollouts (unknown, or an error).
 */
export const RolloutView = ({ cell }: { cell: FleetCell }) => {
  const rollouts = cellDataOf(cell, 'rollout')?.rollouts;
  if (!rollouts?.length) {
    return (
      <Typography variant="body2" component="span">
        <Words text={cell.summary} />
      </Typography>
    );
  }
  return (
    <div style={wholeWords} data-testid="rollout-lines">
      {rollouts.map(rollout => {
        const why =
          rollout.status === 'critical'
            ? rollout.analysis?.message ?? rollout.message
            : undefined;
        return (
          <div key={`${rollout.namespace}/${rollout.name}`}>
            <RolloutLine rollout={rollout} />
            {why && (
              <Typography variant="caption" color="error">
                {why}
              </Typography>
            )}
          </div>
        );
      })}
    </div>
  );
};
