import { Typography } from '@material-ui/core';
import { FleetClusterSummary } from '@internal/plugin-fleet-common';
import { Words } from '@internal/plugin-platform-react';

/** The first column of every per-cluster table: name, provider, region, ring. */
export const ClusterCell = ({ cluster }: { cluster: FleetClusterSummary }) => (
  <>
    <Typography variant="subtitle2">{cluster.title}</Typography>
    <Typography variant="caption" color="textSecondary">
      <Words
        text={`${cluster.provider} · ${cluster.region} · ${cluster.upgradeRing}`}
      />
    </Typography>
  </>
);
