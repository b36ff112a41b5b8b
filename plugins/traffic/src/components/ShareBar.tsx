import { Box, Typography } from '@material-ui/core';
import { ClusterTraffic } from '@internal/plugin-traffic-common';

const palette = ['#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f'];

/** Who gets the traffic now: one segment per cluster, as wide as its share. */
export const ShareBar = ({ clusters }: { clusters: ClusterTraffic[] }) => (
  <Box>
    <Box
      display="flex"
      height={28}
      borderRadius={4}
      overflow="hidden"
      bgcolor="#e0e0e0"
      aria-label="share of traffic"
    >
      {clusters.map((cluster, index) =>
        cluster.share > 0 ? (
          <Box
            key={cluster.cluster}
            width={`${cluster.share * 100}%`}
            bgcolor={palette[index % palette.length]}
            color="#fff"
            display="flex"
            alignItems="center"
            justifyContent="center"
            fontSize={12}
            fontWeight={600}
            title={`${cluster.cluster}: ${Math.round(cluster.share * 100)}%`}
          >
            {Math.round(cluster.share * 100)}%
          </Box>
        ) : null,
      )}
    </Box>
    <Box display="flex" mt={1} flexWrap="wrap">
      {clusters.map((cluster, index) => (
        <Typography
          key={cluster.cluster}
          variant="caption"
          style={{ marginRight: 16 }}
          data-testid={`traffic-share-${cluster.cluster}`}
        >
          <span style={{ color: palette[index % palette.length] }}>■</span>{' '}
          {cluster.cluster} {Math.round(cluster.share * 100)}%
        </Typography>
      ))}
    </Box>
  </Box>
);
