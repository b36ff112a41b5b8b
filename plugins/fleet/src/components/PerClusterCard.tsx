import { ReactNode } from 'react';
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
import {
  cellDataOf,
  FleetCellDataBySource,
} from '@internal/plugin-fleet-common';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  AwaitingInfra,
  RelativeTime,
  useFits,
} from '@internal/plugin-platform-react';
import { CellBadge } from './CellView';
import { ClusterCell } from './ClusterCell';
import { useEntityFleet } from './useEntityFleet';

interface PerClusterCardProps<S extends keyof FleetCellDataBySource> {
  title: string;
  source: S;
  columns: string[];
  /** The detail cells of one row, one per column, for a cell with data. */
  render: (data: FleetCellDataBySource[S]) => ReactNode[];
  /**
   * What the rows say together, below the table (for what is the same on
   * every cluster and would repeat, squeezed, in each row).
   */
  footer?: (
    rows: Array<{ cluster: string; data: FleetCellDataBySource[S] }>,
  ) => ReactNode;
}

const PerClusterTable = <S extends keyof FleetCellDataBySource>(
  props: PerClusterCardProps<S>,
) => {
  const { value: fleet, error } = useEntityFleet();
  // When the table does not fit the card the status goes under the
  // cluster's name: a column of its own pushed the last detail column past
  // the card's edge (Kyverno's refusals, on a component page at 1024 px).
  const { fits, holderRef, wideRef } = useFits();
  const narrow = !fits;
  if (error && !fleet) return <ResponseErrorPanel error={error} />;
  if (!fleet) return <Progress />;
  return (
    <InfoCard
      title={props.title}
      subheader={
        <span>
          updated <RelativeTime at={fleet.generatedAt} />
        </span>
      }
    >
      {/* Cells wrap between words to fit the card; a scrollbar is the last resort. */}
      <div ref={holderRef} style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={props.title} ref={wideRef}>
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              {!narrow && <TableCell>Status</TableCell>}
              {/* Headings wrap between words (the app's theme keeps words whole). */}
              {props.columns.map(column => (
                <TableCell key={column}>{column}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {fleet.rows.map(row => {
              const cell = row.cells[props.source];
              const data = cellDataOf(cell, props.source);
              return (
                <TableRow
                  key={row.cluster.name}
                  data-testid={`${props.source}-row-${row.cluster.name}`}
                >
                  <TableCell>
                    <ClusterCell cluster={row.cluster} />
                    {narrow && <CellBadge cell={cell} />}
                  </TableCell>
                  {!narrow && (
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      <CellBadge cell={cell} />
                    </TableCell>
                  )}
                  {data ? (
                    props
                      .render(data)
                      .map((node, index) => (
                        <TableCell key={props.columns[index]}>{node}</TableCell>
                      ))
                  ) : (
                    <TableCell colSpan={props.columns.length}>
                      <Typography variant="body2" color="textSecondary">
                        {cell?.summary ?? '—'}
                      </Typography>
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {props.footer?.(
        fleet.rows.flatMap(row => {
          const data = cellDataOf(row.cells[props.source], props.source);
          return data ? [{ cluster: row.cluster.name, data }] : [];
        }),
      )}
    </InfoCard>
  );
};

/**
 * A card that shows one source of the entity's fleet view in detail, one row
 * per cluster. A cluster whose source did not answer shows its error in its
 * own row, across the detail columns; the other rows are unaffected. A
 * product whose tenant is not merged yet says so instead.
 */
export const PerClusterCard = <S extends keyof FleetCellDataBySource>(
  props: PerClusterCardProps<S>,
) => {
  const { entity } = useEntity();
  return (
    <AwaitingInfra entity={entity}>
      <PerClusterTable {...props} />
    </AwaitingInfra>
  );
};
