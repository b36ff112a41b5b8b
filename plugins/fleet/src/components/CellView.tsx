import { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';
import { FleetCell } from '@internal/plugin-fleet-common';
import {
  RelativeTime,
  RunbookLink,
  StatusBadge,
  statusLabels,
  Words,
} from '@internal/plugin-platform-react';

/** A link to the runbook, for cells that need someone to act. */
const CellRunbook = ({ cell }: { cell: FleetCell }) =>
  cell.runbook &&
  (cell.error || cell.status === 'warning' || cell.status === 'critical') ? (
    <Box>
      <RunbookLink section={cell.runbook} />
    </Box>
  ) : null;

const FetchedAt = ({ cell }: { cell: FleetCell }) => (
  <Typography variant="caption" display="block" color="textSecondary">
    read <RelativeTime at={cell.fetchedAt} />
  </Typography>
);

const badgeOf = (cell: FleetCell) => (
  <StatusBadge
    status={cell.error ? 'critical' : cell.status}
    label={cell.error ? 'Error' : statusLabels[cell.status]}
  />
);

/**
 * One source's answer for one cluster: status, what it says, and why. A
 * source whose cell holds more than a line (the rollout column: one line
 * per Rollout) passes its `detail` in place of the summary.
 */
export const CellView = ({
  cell,
  detail,
}: {
  cell?: FleetCell;
  detail?: (cell: FleetCell) => ReactNode;
}) => {
  if (!cell) {
    return <Typography variant="body2">—</Typography>;
  }
  return (
    <Box data-testid={`cell-${cell.error ? 'error' : cell.status}`}>
      {badgeOf(cell)}
      {detail && !cell.error ? (
        detail(cell)
      ) : (
        <Typography variant="body2" component="span">
          <Words text={cell.summary} />
        </Typography>
      )}
      <CellRunbook cell={cell} />
      <FetchedAt cell={cell} />
    </Box>
  );
};

/** The status of a cell without its summary, for cards that show the detail. */
export const CellBadge = ({ cell }: { cell?: FleetCell }) => {
  if (!cell) {
    return <Typography variant="body2">—</Typography>;
  }
  return (
    <Box
      data-testid={`cell-${cell.error ? 'error' : cell.status}`}
      title={cell.summary}
    >
      {badgeOf(cell)}
      <CellRunbook cell={cell} />
      <FetchedAt cell={cell} />
    </Box>
  );
};
