import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { FleetCell } from '@internal/plugin-fleet-common';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  AwaitingInfra,
  RelativeTime,
  RunbookLink,
  StatusBadge,
} from '@internal/plugin-platform-react';
import { CellView } from './CellView';
import { ClusterCell } from './ClusterCell';
import { RingVersions } from './RingVersions';
import { MeshView } from './MeshView';
import { RolloutView } from './RolloutView';
import { readinessLabel, readinessStatus } from './readinessLabels';
import { useEntityFleet } from './useEntityFleet';

/** Columns whose cells show more than their one-line summary. */
const details: Record<string, (cell: FleetCell) => ReactNode> = {
  rollout: cell => <RolloutView cell={cell} />,
  mesh: cell => <MeshView cell={cell} />,
};

const FleetTable = () => {
  const { entity, value: fleet, error } = useEntityFleet();

  if (error && !fleet) return <ResponseErrorPanel error={error} />;
  if (!fleet) return <Progress />;

  return (
    <InfoCard
      title="Fleet"
      subheader={
        <span>
          Every cluster this {entity.kind.toLocaleLowerCase('en-US')} runs on ·
          updated <RelativeTime at={fleet.generatedAt} />
        </span>
      }
    >
      {error && (
        <ResponseErrorPanel
          error={error}
          title="Refresh failed; showing the last answer"
        />
      )}
      {fleet.readiness && (
        <div data-testid="readiness" style={{ marginBottom: 16 }}>
          <StatusBadge
            status={readinessStatus[fleet.readiness.verdict]}
            label={readinessLabel[fleet.readiness.verdict]}
          />
          {fleet.readiness.verdict === 'not-ready' && (
            <RunbookLink section={RUNBOOKS.failoverNotReady} />
          )}
          {/* One reason per line: while a cloud is down there are several. */}
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {fleet.readiness.reasons.map(reason => (
              <li key={reason}>
                <Typography variant="body2">{reason}</Typography>
              </li>
            ))}
          </ul>
        </div>
      )}
      {fleet.rows.length === 0 ? (
        <Typography>
          No clusters: add the trinity.io/clusters annotation to this entity.
        </Typography>
      ) : (
        <>
          <RingVersions rows={fleet.rows} />
          <Table size="small" aria-label="fleet">
            <TableHead>
              <TableRow>
                <TableCell style={{ minWidth: 190 }}>Cluster</TableCell>
                {fleet.sources.map(source => (
                  <TableCell key={source.id}>{source.title}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {fleet.rows.map(row => (
                <TableRow
                  key={row.cluster.name}
                  data-testid={`row-${row.cluster.name}`}
                >
                  <TableCell>
                    <ClusterCell cluster={row.cluster} />
                  </TableCell>
                  {fleet.sources.map(source => (
                    <TableCell key={source.id} data-column={source.id}>
                      <CellView
                        cell={row.cells[source.id]}
                        detail={details[source.id]}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
};

/**
 * The Fleet tab: one row per cluster the entity runs on, one column per
 * signal source. A cluster that is down or slow shows as error cells in its
 * own row; the rest of the table is unaffected. A product whose tenant is
 * not merged yet links the pull request it waits for instead.
 */
export const FleetTab = () => {
  const { entity } = useEntity();
  return (
    <AwaitingInfra entity={entity}>
      <FleetTable />
    </AwaitingInfra>
  );
};
