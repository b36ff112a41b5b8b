import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { PolicySet } from '@internal/plugin-fleet-common';
import { RelativeTime, StatusBadge } from '@internal/plugin-platform-react';
import { entityTabPath } from './links';
import { useFleetOverview } from './useFleetOverview';

/**
 * The Kyverno policy set a cluster runs: the infra repo revision its
 * `policies-<cluster>` Application deployed, whether it is in sync, a link
 * to it in Argo CD; or why it is not known.
 */
const PolicySetLine = ({
  cluster,
  policySet,
}: {
  cluster: string;
  policySet?: PolicySet;
}) => {
  if (!policySet) return null;
  return (
    <Typography
      variant="caption"
      display="block"
      color={policySet.error ? 'error' : 'textSecondary'}
      data-testid={`policy-set-${cluster}`}
    >
      {policySet.error ? (
        `policies unknown: ${policySet.error}`
      ) : (
        <>
          policies{' '}
          <Link to={policySet.url ?? ''} title={policySet.revision}>
            {policySet.revision?.slice(0, 7) ?? 'no revision'}
          </Link>{' '}
          · {policySet.sync}
        </>
      )}
    </Typography>
  );
};

/** Products × clusters, with the revisions each runs and version drift flagged. */
export const OverviewPage = () => {
  const { value: overview, error } = useFleetOverview();

  if (error && !overview) return <ResponseErrorPanel error={error} />;
  if (!overview) return <Progress />;

  return (
    <Content>
      <InfoCard
        title="Products by cluster"
        subheader={
          <span>
            Worst signal per cluster and the revisions deployed · updated{' '}
            <RelativeTime at={overview.generatedAt} />
          </span>
        }
      >
        {/* The policy set, like a product, should run one revision everywhere. */}
        <div data-testid="policy-drift" style={{ marginBottom: 8 }}>
          {overview.policyDrift ? (
            <>
              <StatusBadge status="warning" label="Policy drift" />
              <Typography variant="caption">
                {overview.policyDriftReason}
              </Typography>
            </>
          ) : (
            <StatusBadge status="ok" label="One policy set everywhere" />
          )}
        </div>
        <Table size="small" aria-label="fleet overview">
          <TableHead>
            <TableRow>
              <TableCell style={{ minWidth: 140 }}>Product</TableCell>
              {overview.clusters.map(cluster => (
                <TableCell key={cluster.name}>
                  {cluster.title}
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    {cluster.provider} · {cluster.region} ·{' '}
                    {cluster.upgradeRing}
                  </Typography>
                  <PolicySetLine
                    cluster={cluster.name}
                    policySet={cluster.policySet}
                  />
                  {/* Every product off this cluster at once (platform on-call). */}
                  <Typography variant="caption" display="block">
                    <Link
                      to={`/catalog/default/resource/${cluster.name}/evacuate`}
                      data-testid={`evacuate-${cluster.name}`}
                    >
                      Evacuate…
                    </Link>
                  </Typography>
                </TableCell>
              ))}
              <TableCell>Versions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {overview.products.map(product => {
              const { name } = parseEntityRef(product.entityRef);
              return (
                <TableRow
                  key={product.entityRef}
                  data-testid={`product-${name}`}
                >
                  <TableCell>
                    <Link to={entityTabPath(product.entityRef, 'fleet')}>
                      {product.title}
                    </Link>
                    {/* The failover panel, one click away from the overview. */}
                    {Object.values(product.cells).some(
                      cell => cell.share !== undefined,
                    ) && (
                      <Typography variant="caption" display="block">
                        <Link to={entityTabPath(product.entityRef, 'failover')}>
                          Failover
                        </Link>
                      </Typography>
                    )}
                  </TableCell>
                  {overview.clusters.map(cluster => {
                    const cell = product.cells[cluster.name];
                    return (
                      <TableCell key={cluster.name}>
                        {cell ? (
                          <>
                            <StatusBadge status={cell.status} />
                            <Typography variant="body2" component="span">
                              {cell.summary}
                            </Typography>
                            <Typography
                              variant="caption"
                              display="block"
                              color="textSecondary"
                            >
                              {cell.revisions.join(', ') || 'no revision'}
                            </Typography>
                            {cell.share !== undefined && (
                              <Typography
                                variant="caption"
                                display="block"
                                data-testid={`share-${cluster.name}`}
                              >
                                {cell.drained
                                  ? 'drained · 0% of traffic'
                                  : `${Math.round(
                                      cell.share * 100,
                                    )}% of traffic`}
                              </Typography>
                            )}
                          </>
                        ) : (
                          '—'
                        )}
                      </TableCell>
                    );
                  })}
                  <TableCell data-testid="drift">
                    {product.drift ? (
                      <>
                        <StatusBadge status="warning" label="Drift" />
                        <Typography variant="caption" display="block">
                          {product.driftReason}
                        </Typography>
                      </>
                    ) : (
                      <StatusBadge status="ok" label="Same everywhere" />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </InfoCard>
    </Content>
  );
};
