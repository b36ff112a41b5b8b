import { useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ActionResult,
  Preview,
  TrafficAction,
} from '@internal/plugin-traffic-common';
import { trafficApiRef } from '../api';
import { PreviewChange } from './PreviewChange';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  RunbookLink,
  checkStatus,
  errorMessage,
  statusColors,
} from '@internal/plugin-platform-react';

const expiries = [
  { label: 'No expiry', minutes: 0 },
  { label: '15 minutes', minutes: 15 },
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: '1 day', minutes: 1440 },
];

const describe = (action: TrafficAction) =>
  action.kind === 'weights'
    ? 'Set weights'
    : `${action.kind === 'drain' ? 'Drain' : 'Restore'} ${action.cluster}`;

/**
 * The confirm step of every traffic action: the preview (weights and
 * provider records before and after, every safety check), a reason, an
 * optional expiry for drains, and force for an overridable check. Apply
 * sends the preview's version (compare-and-set) and one idempotency key per
 * dialog, so a double click or a retry acts once.
 */
export const ActionDialog = (props: {
  entity: Entity;
  action: TrafficAction;
  onClose: (result?: ActionResult) => void;
}) => {
  const api = useApi(trafficApiRef);
  const ref = useMemo(
    () => ({
      kind: props.entity.kind,
      namespace: props.entity.metadata.namespace,
      name: props.entity.metadata.name,
    }),
    [props.entity],
  );
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState(0);
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Set weights edits the action itself; drain and restore are fixed.
  const [action, setAction] = useState<TrafficAction>(props.action);
  // The fleet and the provider move on; an operator may ask again.
  const [round, setRound] = useState(0);

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    api
      .preview(ref, { ...action, reason: 'preview', force })
      .then(setPreview, previewError => setError(errorMessage(previewError)));
  }, [api, ref, action, force, round]);

  const overridable = preview?.checks.some(
    check => check.status === 'fail' && check.overridable,
  );
  const apply = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.apply(
        ref,
        {
          ...action,
          reason,
          force,
          ...(action.kind === 'drain' && expiry
            ? { expiresInMinutes: expiry }
            : {}),
        },
        { expectedVersion: preview!.version, idempotencyKey },
      );
      // The provider failed or did not answer: the operator stays here with
      // the reason; Apply again retries with the same idempotency key.
      if (result.outcome !== 'applied') {
        setError(`${result.outcome}: ${result.entry.error ?? 'not applied'}`);
        return;
      }
      props.onClose(result);
    } catch (applyError) {
      setError(errorMessage(applyError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={() => props.onClose()} maxWidth="md" fullWidth>
      <DialogTitle>{describe(props.action)}</DialogTitle>
      <DialogContent>
        {action.kind === 'weights' && (
          <Box display="flex" style={{ gap: 16 }} mb={2}>
            {Object.entries(action.weights).map(([cluster, weight]) => (
              <TextField
                key={cluster}
                label={cluster}
                type="number"
                value={weight}
                inputProps={{
                  min: 0,
                  max: 255,
                  'data-testid': `weight-${cluster}`,
                }}
                onChange={event =>
                  setAction({
                    kind: 'weights',
                    weights: {
                      ...action.weights,
                      [cluster]: Number(event.target.value),
                    },
                  })
                }
              />
            ))}
          </Box>
        )}
        {!preview && !error && <Typography>Previewing…</Typography>}
        {preview && (
          <>
            <Typography variant="subtitle2">The change</Typography>
            <PreviewChange preview={preview} />
            <Box mt={2}>
              <Typography variant="subtitle2">Safety checks</Typography>
              {preview.checks.map(check => (
                <Typography
                  key={check.id}
                  variant="body2"
                  data-testid={`check-${check.id}-${check.status}`}
                  style={{ color: statusColors[checkStatus(check.status)] }}
                >
                  {check.status === 'pass' ? '✓' : '✗'} {check.title} —{' '}
                  {check.detail}
                  {check.status === 'fail' &&
                    check.overridable &&
                    ' (may be forced)'}
                  {check.status === 'fail' && (
                    <RunbookLink section={RUNBOOKS.trafficRefused} />
                  )}
                </Typography>
              ))}
            </Box>
          </>
        )}
        <Box mt={2} display="flex" style={{ gap: 16 }}>
          <TextField
            label="Reason (required, kept in the history and audit log)"
            value={reason}
            onChange={event => setReason(event.target.value)}
            fullWidth
            required
            inputProps={{ 'data-testid': 'reason-input', maxLength: 500 }}
          />
          {props.action.kind === 'drain' && (
            <TextField
              select
              label="Restore automatically"
              value={expiry}
              onChange={event => setExpiry(Number(event.target.value))}
              style={{ minWidth: 200 }}
            >
              {expiries.map(option => (
                <MenuItem key={option.minutes} value={option.minutes}>
                  {option.label}
                </MenuItem>
              ))}
            </TextField>
          )}
        </Box>
        {overridable && (
          <FormControlLabel
            control={
              <Checkbox
                checked={force}
                onChange={(_, checked) => setForce(checked)}
              />
            }
            label="Force: go ahead without N-1 headroom (the reason says why)"
          />
        )}
        {error && (
          <Typography
            color="error"
            variant="body2"
            data-testid="action-error"
            style={{ marginTop: 16 }}
          >
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose()}>Cancel</Button>
        <Button
          data-testid="preview-again"
          onClick={() => setRound(previous => previous + 1)}
        >
          Preview again
        </Button>
        <Button
          color="primary"
          variant="contained"
          data-testid="confirm-apply"
          disabled={!preview?.allowed || !reason.trim() || busy}
          onClick={apply}
        >
          {describe(props.action)}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
