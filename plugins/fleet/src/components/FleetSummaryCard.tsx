import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useEntity } from '@backstage/plugin-catalog-react';
import { overviewCell } from '@internal/plugin-fleet-common';
import {
  AwaitingInfra,
  RelativeTime,
  StatusBadge,
  Words,
} from '@internal/plugin-platform-react';
import { entityTabPath } from './links';
import { readinessLabel, readinessStatus } from './readinessLabels';
import { useEntityFleet } from './useEntityFleet';

/**
 * The clusters the entity runs on, one line each (the worst of its signals
 * there, what needs attention, its share of traffic), and whether it would
 * survive losing a cloud: the top of a product's or service's overview,
 * linking the Fleet tab for the detail.
 */
const FleetSummary = () => {
  const { value: fleet, error } = useEntityFleet();
  if (!fleet)
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  return (
    <InfoCard
      title="Runs on"
      subheader={
        // One span: the header lays its children out as flex items, which
        // would drop the spaces between text and the time.
        <span>
          {fleet.rows.length} cluster{fleet.rows.length === 1 ? '' : 's'} · read{' '}
          <RelativeTime at={fleet.generatedAt} />
        </span>
      }
      deepLink={{
        title: 'Fleet tab',
        link: entityTabPath(fleet.entityRef, 'fleet'),
      }}
    >
      <div data-testid="fleet-summary">
        {fleet.readiness && (
          <StatusBadge
            status={readinessStatus[fleet.readiness.verdict]}
            label={readinessLabel[fleet.readiness.verdict]}
          />
        )}
        <Table size="small" aria-label="runs on">
          <TableBody>
            {fleet.rows.map(row => {
              const line = overviewCell(row);
              return (
                <TableRow
                  key={row.cluster.name}
                  data-testid={`fleet-summary-${row.cluster.name}`}
                >
                  <TableCell>
                    <Link
                      to={`/catalog/default/resource/${row.cluster.name}/fleet`}
                    >
                      {row.cluster.title}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={line.status} />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">
                      <Words text={line.summary} />
                      {typeof line.share === 'number' &&
                        ` · ${Math.round(line.share * 100)}% of traffic${
                          line.drained ? ' (drained)' : ''
                        }`}
                    </Typography>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </InfoCard>
  );
};

/** The summary, or what the product waits for before it runs anywhere. */
export const FleetSummaryCard = () => {
  const { entity } = useEntity();
  return (
    <AwaitingInfra entity={entity}>
      <FleetSummary />
    </AwaitingInfra>
  );
};
