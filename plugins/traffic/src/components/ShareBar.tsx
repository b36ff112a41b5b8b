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
      {clusters.map((c, i) =>
        c.share > 0 ? (
          <Box
            key={c.cluster}
            width={`${c.share * 100}%`}
            bgcolor={palette[i % palette.length]}
            color="#fff"
            display="flex"
            alignItems="center"
            justifyContent="center"
            fontSize={12}
            fontWeight={600}
            title={`${c.cluster}: ${Math.round(c.share * 100)}%`}
          >
            {Math.round(c.share * 100)}%
          </Box>
        ) : null,
      )}
    </Box>
    <Box display="flex" mt={1} flexWrap="wrap">
      {clusters.map((c, i) => (
        <Typography
          key={c.cluster}
          variant="caption"
          style={{ marginRight: 16 }}
          data-testid={`traffic-share-${c.cluster}`}
        >
          <span style={{ color: palette[i % palette.length] }}>■</span>{' '}
          {c.cluster} {Math.round(c.share * 100)}%
        </Typography>
      ))}
    </Box>
  </Box>
);
