import { useCallback } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EntityFleet } from '@internal/plugin-fleet-common';
import { fleetApiRef } from '../api';
import { CellView, StatusBadge } from './CellView';
import { usePolled } from './usePolled';

const readinessStatus = {
  ready: 'ok',
  'not-ready': 'critical',
  unknown: 'unknown',
} as const;

const readinessLabel = {
  ready: 'Survives losing any one cloud',
  'not-ready': 'Would not survive losing a cloud',
  unknown: 'Failover readiness unknown',
} as const;

/**
 * The Fleet tab: one row per cluster the entity runs on, one column per
 * signal source. A cluster that is down or slow shows as error cells in its
 * own row; the rest of the table is unaffected.
 */
export const FleetTab = () => {
  const { entity } = useEntity();
  const api = useApi(fleetApiRef);
  const load = useCallback(
    () =>
      api.getEntityFleet({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      }),
    [api, entity],
  );
  const { value: fleet, error } = usePolled<EntityFleet>(load);

  if (error && !fleet) return <ResponseErrorPanel error={error} />;
  if (!fleet) return <Progress />;

  return (
    <InfoCard
      title="Fleet"
      subheader={`Every cluster this ${entity.kind.toLocaleLowerCase(
        'en-US',
      )} runs on · updated ${new Date(fleet.generatedAt).toLocaleTimeString()}`}
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
          <Typography variant="body2" component="span">
            {fleet.readiness.reasons.join(' · ')}
          </Typography>
        </div>
      )}
      {fleet.rows.length === 0 ? (
        <Typography>
          No clusters: add the trinity.io/clusters annotation to this entity.
        </Typography>
      ) : (
        <Table size="small" aria-label="fleet">
          <TableHead>
            <TableRow>
              <TableCell style={{ minWidth: 190 }}>Cluster</TableCell>
              {fleet.sources.map(s => (
                <TableCell key={s.id}>{s.title}</TableCell>
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
                  <Typography variant="subtitle2">
                    {row.cluster.title}
                  </Typography>
                  <Typography variant="caption" color="textSecondary">
                    {row.cluster.provider} · {row.cluster.region} ·{' '}
                    {row.cluster.upgradeRing}
                  </Typography>
                </TableCell>
                {fleet.sources.map(s => (
                  <TableCell key={s.id}>
                    <CellView cell={row.cells[s.id]} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
