import { Typography } from '@material-ui/core';
import {
  cellDataOf,
  FleetCell,
  RolloutData,
} from '@internal/plugin-fleet-common';

/** One Rollout in words: what runs, and how far a new version got. */
export function rolloutWords(rollout: RolloutData): string {
  if (rollout.status === 'ok') {
    return `${rollout.name} runs ${rollout.stableTag ?? 'an unknown tag'}`;
  }
  const parts = [rollout.aborted ? 'aborted' : rollout.phase];
  if (rollout.step) {
    parts.push(`step ${rollout.step.index} of ${rollout.step.total}`);
  }
  parts.push(`canary at ${rollout.canaryWeight} %`);
  if (rollout.analysis) parts.push(`analysis ${rollout.analysis.status}`);
  parts.push(
    `${rollout.stableTag ?? 'unknown'} → ${rollout.canaryTag ?? 'unknown'}`,
  );
  return `${rollout.name}: ${parts.join(' · ')}`;
}

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
        {cell.summary}
      </Typography>
    );
  }
  return (
    <>
      {rollouts.map(rollout => {
        const why =
          rollout.status === 'critical'
            ? rollout.analysis?.message ?? rollout.message
            : undefined;
        return (
          <div key={`${rollout.namespace}/${rollout.name}`}>
            <Typography variant="body2">{rolloutWords(rollout)}</Typography>
            {why && (
              <Typography variant="caption" color="error">
                {why}
              </Typography>
            )}
          </div>
        );
      })}
    </>
  );
};
