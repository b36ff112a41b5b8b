import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { ClusterSync } from '@internal/plugin-traffic-common';
import { trafficApiRef } from '../api';
import { ReasonDialog } from './ReasonDialog';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import { RunbookLink } from '@internal/plugin-platform-react';

/**
 * The second kill switch: Argo CD auto-sync of the product's applications
 * per cluster, paused or resumed with a reason (audited, in the history).
 */
export const AutoSyncCard = (props: {
  entity: Entity;
  sync: Record<string, ClusterSync>;
  denied?: string;
  onDone: (message: string) => void;
}) => {
  const api = useApi(trafficApiRef);
  // One idempotency key per opened dialog: a double click or a retry acts once.
  const [target, setTarget] = useState<{
    cluster: string;
    paused: boolean;
    key: string;
  }>();
  const submit = async (reason: string) => {
    if (!target) return;
    const result = await api.setAutoSync(
      {
        kind: props.entity.kind,
        namespace: props.entity.metadata.namespace,
        name: props.entity.metadata.name,
      },
      { cluster: target.cluster, paused: target.paused, reason },
      { idempotencyKey: target.key },
    );
    setTarget(undefined);
    props.onDone(
      `auto-sync ${target.paused ? 'paused' : 'resumed'} on ${
        target.cluster
      }: ${result.outcome}`,
    );
  };

  return (
    <InfoCard title="Argo CD auto-sync">
      <Table size="small" aria-label="argo cd auto-sync">
        <TableBody>
          {Object.entries(props.sync).map(([cluster, sync]) => (
            <TableRow key={cluster} data-testid={`sync-row-${cluster}`}>
              <TableCell>{cluster}</TableCell>
              <TableCell>
                {sync.error ? (
                  <Typography color="error" variant="body2">
                    {sync.error}
                    <RunbookLink section={RUNBOOKS.autoSync} />
                  </Typography>
                ) : (
                  <>
                    <Typography variant="body2">
                      {sync.paused ? 'paused' : 'on'}
                    </Typography>
                    <Typography variant="caption" color="textSecondary">
                      {sync.apps
                        .map(
                          app =>
                            `${app.name}${app.automated ? '' : ' (manual)'}`,
                        )
                        .join(', ')}
                    </Typography>
                  </>
                )}
              </TableCell>
              <TableCell align="right">
                {!sync.error && (
                  <Tooltip title={props.denied ?? ''}>
                    <span>
                      <Button
                        size="small"
                        variant="outlined"
                        disabled={!!props.denied}
                        data-testid={`${
                          sync.paused ? 'resume' : 'pause'
                        }-sync-${cluster}`}
                        onClick={() =>
                          setTarget({
                            cluster,
                            paused: !sync.paused,
                            key: crypto.randomUUID(),
                          })
                        }
                      >
                        {sync.paused ? 'Resume auto-sync' : 'Pause auto-sync'}
                      </Button>
                    </span>
                  </Tooltip>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {target && (
        <ReasonDialog
          title={`${target.paused ? 'Pause' : 'Resume'} Argo CD auto-sync on ${
            target.cluster
          }`}
          description={
            target.paused
              ? 'Argo CD stops applying new commits to this product on this cluster until resumed; live objects stay as they are.'
              : 'Argo CD applies the product from Git again, with the auto-sync settings it had before the pause.'
          }
          confirmLabel={target.paused ? 'Pause auto-sync' : 'Resume auto-sync'}
          inputTestId="sync-reason-input"
          confirmTestId="confirm-sync"
          onSubmit={submit}
          onClose={() => setTarget(undefined)}
        />
      )}
    </InfoCard>
  );
};
