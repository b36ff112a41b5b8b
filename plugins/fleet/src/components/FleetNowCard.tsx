import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { FleetOverview, OverviewCell } from '@internal/plugin-fleet-common';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  RelativeTime,
  RunbookLink,
  StatusBadge,
} from '@internal/plugin-platform-react';
import { entityTabPath } from './links';
import { useFleetOverview } from './useFleetOverview';

interface ProductOn {
  entityRef: string;
  title: string;
  clusters: string[];
}

/** Products with a cell that matches, and the clusters where it does. */
function productsWhere(
  overview: FleetOverview,
  match: (cell: OverviewCell) => boolean,
): ProductOn[] {
  return overview.products
    .map(product => ({
      entityRef: product.entityRef,
      title: product.title,
      clusters: Object.entries(product.cells)
        .filter(([, cell]) => match(cell))
        .map(([cluster]) => cluster),
    }))
    .filter(product => product.clusters.length > 0);
}

function ProductLines(props: {
  testId: string;
  items: ProductOn[];
  tab: string;
  none: string;
  clusterTitle: (name: string) => string;
}) {
  const { items, tab, none, clusterTitle, testId } = props;
  return (
    <Box data-testid={testId} mb={2}>
      {items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {none}
        </Typography>
      ) : (
        items.map(item => (
          <Typography variant="body2" key={item.entityRef}>
            <Link to={entityTabPath(item.entityRef, tab)}>{item.title}</Link> on{' '}
            {item.clusters.map(clusterTitle).join(', ')}
          </Typography>
        ))
      )}
    </Box>
  );
}

/**
 * The fleet at a glance, for the home page: each cluster with its status,
 * the products paging or burning their error budget, and the clusters
 * drained from a product's entry point; each line links where to act.
 */
export const FleetNowCard = () => {
  const { value: overview, error } = useFleetOverview();
  if (error && !overview) return <ResponseErrorPanel error={error} />;
  if (!overview) return <Progress />;

  const titles = new Map(
    overview.clusters.map(cluster => [cluster.name, cluster.title]),
  );
  const clusterTitle = (name: string) => titles.get(name) ?? name;
  const paging = productsWhere(overview, cell => cell.slo === 'critical');
  const burning = productsWhere(overview, cell => cell.slo === 'warning');
  const drained = productsWhere(overview, cell => Boolean(cell.drained));

  return (
    <div data-testid="fleet-now">
      <Typography variant="subtitle2">Clusters</Typography>
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 12 }}>
        {overview.clusters.map(cluster => (
          <Box
            key={cluster.name}
            data-testid={`fleet-now-cluster-${cluster.name}`}
          >
            <Link to={`/catalog/default/resource/${cluster.name}/fleet`}>
              {cluster.title}
            </Link>{' '}
            <StatusBadge status={cluster.status ?? 'unknown'} />
          </Box>
        ))}
      </Box>
      <Typography variant="subtitle2">
        Paging (page-level SLO burn)
        <RunbookLink section={RUNBOOKS.sloFastBurn} />
      </Typography>
      <ProductLines
        testId="fleet-now-paging"
        items={paging}
        tab="fleet"
        none="No product is paging."
        clusterTitle={clusterTitle}
      />
      <Typography variant="subtitle2">Burning (ticket-level)</Typography>
      <ProductLines
        testId="fleet-now-burning"
        items={burning}
        tab="fleet"
        none="No product is burning its error budget faster than it should."
        clusterTitle={clusterTitle}
      />
      <Typography variant="subtitle2">Drained</Typography>
      <ProductLines
        testId="fleet-now-drained"
        items={drained}
        tab="failover"
        none="No cluster is drained from any product."
        clusterTitle={clusterTitle}
      />
      <Typography variant="caption" color="textSecondary">
        <Link to="/fleet">Every product by cluster</Link> · updated{' '}
        <RelativeTime at={overview.generatedAt} />
      </Typography>
    </div>
  );
};
