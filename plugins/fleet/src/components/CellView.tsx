import { Link } from '@backstage/core-components';
import { Box, Typography, makeStyles } from '@material-ui/core';
import { CellStatus, FleetCell } from '@internal/plugin-fleet-common';
import { runbookHref } from '@internal/plugin-platform-common';

const colors: Record<CellStatus, string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  critical: '#d32f2f',
  unknown: '#757575',
};

const labels: Record<CellStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

const useStyles = makeStyles({
  badge: {
    display: 'inline-block',
    padding: '1px 8px',
    borderRadius: 10,
    color: '#fff',
    fontSize: 12,
    fontWeight: 600,
    marginRight: 8,
    whiteSpace: 'nowrap',
  },
});

/** A coloured status label, shared by the Fleet tab and the overview. */
export const StatusBadge = ({
  status,
  label,
}: {
  status: CellStatus;
  label?: string;
}) => {
  const classes = useStyles();
  return (
    <span className={classes.badge} style={{ background: colors[status] }}>
      {label ?? labels[status]}
    </span>
  );
};

const RunbookLink = ({ cell }: { cell: FleetCell }) =>
  cell.runbook &&
  (cell.error || cell.status === 'warning' || cell.status === 'critical') ? (
    <Box>
      <Link to={runbookHref(cell.runbook)}>Runbook</Link>
    </Box>
  ) : null;

const FetchedAt = ({ cell }: { cell: FleetCell }) => (
  <Typography variant="caption" display="block" color="textSecondary">
    {new Date(cell.fetchedAt).toLocaleTimeString()}
  </Typography>
);

const badgeOf = (cell: FleetCell) => (
  <StatusBadge
    status={cell.error ? 'critical' : cell.status}
    label={cell.error ? 'Error' : labels[cell.status]}
  />
);

/** One source's answer for one cluster: status, what it says, and why. */
export const CellView = ({ cell }: { cell?: FleetCell }) => {
  if (!cell) {
    return <Typography variant="body2">—</Typography>;
  }
  return (
    <Box data-testid={`cell-${cell.error ? 'error' : cell.status}`}>
      {badgeOf(cell)}
      <Typography variant="body2" component="span">
        {cell.summary}
      </Typography>
      <RunbookLink cell={cell} />
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
      <RunbookLink cell={cell} />
      <FetchedAt cell={cell} />
    </Box>
  );
};
