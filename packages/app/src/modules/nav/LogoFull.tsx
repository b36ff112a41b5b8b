import { makeStyles } from '@material-ui/core';
import { TrinityMark } from './TrinityMark';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
  },
  name: {
    color: '#ffffff',
    fontSize: 24,
    fontWeight: 700,
    letterSpacing: 1,
  },
});

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <TrinityMark size={32} />
      <span className={classes.name}>Trinity</span>
    </div>
  );
};
