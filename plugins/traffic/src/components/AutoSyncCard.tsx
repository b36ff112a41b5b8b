import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { ClusterSync } from '@internal/plugin-traffic-common';
import { trafficApiRef } from '../api';
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
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
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
      setReason('');
      props.onDone(
        `auto-sync ${target.paused ? 'paused' : 'resumed'} on ${
          target.cluster
        }: ${result.outcome}`,
      );
    } catch (submitError) {
      setError((submitError as Error).message);
    } finally {
      setBusy(false);
    }
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
        <Dialog
          open
          onClose={() => setTarget(undefined)}
          maxWidth="sm"
          fullWidth
        >
          <DialogTitle>
            {target.paused ? 'Pause' : 'Resume'} Argo CD auto-sync on{' '}
            {target.cluster}
          </DialogTitle>
          <DialogContent>
            <Typography variant="body2" gutterBottom>
              {target.paused
                ? 'Argo CD stops applying new commits to this product on this cluster until resumed; live objects stay as they are.'
                : 'Argo CD applies the product from Git again, with the auto-sync settings it had before the pause.'}
            </Typography>
            <TextField
              label="Reason (required, kept in the history and audit log)"
              value={reason}
              onChange={event => setReason(event.target.value)}
              fullWidth
              required
              inputProps={{
                'data-testid': 'sync-reason-input',
                maxLength: 500,
              }}
            />
            {error && (
              <Typography
                color="error"
                variant="body2"
                style={{ marginTop: 12 }}
              >
                {error}
              </Typography>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setTarget(undefined)}>Cancel</Button>
            <Button
              color="primary"
              variant="contained"
              data-testid="confirm-sync"
              disabled={!reason.trim() || busy}
              onClick={submit}
            >
              {target.paused ? 'Pause auto-sync' : 'Resume auto-sync'}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </InfoCard>
  );
};
