import { useCallback } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ClusterFleet, fleetChannels } from '@internal/plugin-fleet-common';
import {
  RelativeTime,
  StatusBadge,
  useLive,
  Words,
} from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { CellView } from './CellView';
import { clusterPlace } from './ClusterCell';
import { REFRESH_MS } from './refresh';

/** What each source's health check is about, on a cluster. */
const checkTitles: Record<string, string> = {
  argocd: 'Argo CD',
  workloads: 'Kubernetes API',
  slo: 'Prometheus',
};

/**
 * The Fleet tab of a cluster (registry Resource): whether each upstream the
 * portal reads there answers, and every product deployed on it with its line
 * from the fleet view. Registry fields are on the overview's registry card.
 */
export const ClusterFleetTab = () => {
  const { entity } = useEntity();
  const api = useApi(fleetApiRef);
  const load = useCallback(
    () => api.getClusterFleet(entity.metadata.name),
    [api, entity],
  );
  const { value: fleet, error } = useLive<ClusterFleet>(load, {
    intervalMs: REFRESH_MS,
    channel: fleetChannels.cluster(entity.metadata.name),
  });

  if (error && !fleet) return <ResponseErrorPanel error={error} />;
  if (!fleet) return <Progress />;

  return (
    <Grid container spacing={3}>
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel
            error={error}
            title="Refresh failed; showing the last answer"
          />
        </Grid>
      )}
      <Grid item xs={12} md={5}>
        <InfoCard
          title="Cluster health"
          subheader={
            <span>
              updated <RelativeTime at={fleet.generatedAt} />
            </span>
          }
        >
          <div data-testid="cluster-status" style={{ marginBottom: 12 }}>
            <StatusBadge status={fleet.status} />
            <Typography variant="body2" component="span">
              <Words text={clusterPlace(fleet.cluster)} />
            </Typography>
          </div>
          <Table size="small" aria-label="cluster health">
            <TableBody>
              {fleet.sources.map(source => (
                <TableRow key={source.id} data-testid={`check-${source.id}`}>
                  <TableCell>
                    {checkTitles[source.id] ?? source.title}
                  </TableCell>
                  <TableCell>
                    <CellView cell={fleet.health[source.id]} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Products on this cluster">
          {fleet.products.length === 0 ? (
            <Typography>
              No product you may see lists this cluster in trinity.io/clusters.
            </Typography>
          ) : (
            <Table size="small" aria-label="products on this cluster">
              <TableHead>
                <TableRow>
                  <TableCell>Product</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Revisions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {fleet.products.map(product => (
                  <TableRow
                    key={product.entityRef}
                    data-testid={`product-${product.entityRef}`}
                  >
                    <TableCell>
                      <EntityRefLink
                        entityRef={product.entityRef}
                        title={product.title}
                      />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={product.status} />
                      <Typography variant="body2" component="span">
                        <Words text={product.summary} />
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <Typography variant="body2">
                        {product.revisions.join(', ') || '—'}
                      </Typography>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
