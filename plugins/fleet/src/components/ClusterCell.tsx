import { Typography } from '@material-ui/core';
import { FleetClusterSummary } from '@internal/plugin-fleet-common';
import { Words } from '@internal/plugin-platform-react';

/** Where a cluster is: "aws · us-east-1 · ring-1", under its name everywhere. */
export const clusterPlace = (
  cluster: Pick<FleetClusterSummary, 'provider' | 'region' | 'upgradeRing'>,
) => `${cluster.provider} · ${cluster.region} · ${cluster.upgradeRing}`;

/** The first column of every per-cluster table: name, provider, region, ring. */
export const ClusterCell = ({ cluster }: { cluster: FleetClusterSummary }) => (
  <>
    <Typography variant="subtitle2">{cluster.title}</Typography>
    <Typography variant="caption" color="textSecondary">
      <Words text={clusterPlace(cluster)} />
    </Typography>
  </>
);
