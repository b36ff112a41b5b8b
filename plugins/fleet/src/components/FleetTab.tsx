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
  useTheme,
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
  useFits,
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

type Fleet = NonNullable<ReturnType<typeof useEntityFleet>['value']>;

/** One source's cell of one cluster, in the table or in a cluster's block. */
const SourceCell = ({
  row,
  source,
}: {
  row: Fleet['rows'][number];
  source: string;
}) => <CellView cell={row.cells[source]} detail={details[source]} />;

/** A row per cluster, a column per source: for a card wide enough for all. */
const ClusterTable = ({
  fleet,
  tableRef,
}: {
  fleet: Fleet;
  tableRef: (table: HTMLTableElement | null) => void;
}) => (
  <Table size="small" aria-label="fleet" ref={tableRef}>
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
              <SourceCell row={row} source={source.id} />
            </TableCell>
          ))}
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/**
 * The same cells, a block per cluster with its sources side by side as they
 * fit, for a card the table does not fit: its last columns would be cut off
 * at the card's edge (at a 1024 px window three were out of view; at 1440
 * px, 123 px of them while a canary's line was long).
 */
const ClusterStack = ({ fleet }: { fleet: Fleet }) => {
  const theme = useTheme();
  return (
    <div data-testid="fleet-stack">
      {fleet.rows.map(row => (
        <section
          key={row.cluster.name}
          data-testid={`row-${row.cluster.name}`}
          aria-label={row.cluster.title}
          style={{
            borderTop: `1px solid ${theme.palette.divider}`,
            padding: '12px 0',
          }}
        >
          <ClusterCell cluster={row.cluster} />
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
              gap: '12px 24px',
              marginTop: 8,
            }}
          >
            {fleet.sources.map(source => (
              <div key={source.id} data-column={source.id}>
                <Typography
                  variant="overline"
                  display="block"
                  color="textSecondary"
                  style={{ lineHeight: 1.6 }}
                >
                  {source.title}
                </Typography>
                <SourceCell row={row} source={source.id} />
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
};

const FleetTable = () => {
  const { entity, value: fleet, error } = useEntityFleet();
  // The table while it fits the card, else a block per cluster.
  const { fits, holderRef, wideRef } = useFits();

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
        <div ref={holderRef}>
          <RingVersions rows={fleet.rows} />
          {fits ? (
            <ClusterTable fleet={fleet} tableRef={wideRef} />
          ) : (
            <ClusterStack fleet={fleet} />
          )}
        </div>
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
