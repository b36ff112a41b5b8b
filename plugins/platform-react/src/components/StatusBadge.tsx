import { makeStyles } from '@material-ui/core';
import { Status, statusColors, statusLabels } from '../status';

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

/**
 * A status as a coloured label (white on the status's colour from
 * `statusColors`). The label defaults to the status's own (`OK`, `Warning`,
 * `Critical`, `Unknown`); a caller may say more ("Drift", "Error").
 */
export const StatusBadge = (props: {
  status: Status;
  label?: string;
  testId?: string;
}) => {
  const classes = useStyles();
  return (
    <span
      className={classes.badge}
      style={{ background: statusColors[props.status] }}
      data-testid={props.testId}
    >
      {props.label ?? statusLabels[props.status]}
    </span>
  );
};
