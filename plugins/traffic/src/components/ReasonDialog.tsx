import { ReactNode, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';

/**
 * The confirm step every governed switch shares (auto-sync, promote, pause
 * promotions, abort a canary): what will happen, a required reason (kept in
 * the history and the audit log), and the backend's refusal in place when
 * there is one. The caller does the request; the dialog shows busy and
 * error around it.
 */
export const ReasonDialog = (props: {
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  inputTestId: string;
  confirmTestId: string;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) => {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(reason);
    } catch (submitError) {
      setError((submitError as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {props.description}
        </Typography>
        <TextField
          label="Reason (required, kept in the history and audit log)"
          value={reason}
          onChange={event => setReason(event.target.value)}
          fullWidth
          required
          inputProps={{ 'data-testid': props.inputTestId, maxLength: 500 }}
        />
        {error && (
          <Typography
            color="error"
            variant="body2"
            style={{ marginTop: 12 }}
            data-testid="reason-dialog-error"
          >
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          data-testid={props.confirmTestId}
          disabled={!reason.trim() || busy}
          onClick={submit}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
