import { useCallback, useEffect, useState } from 'react';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  EvacuationPlanEntry,
  EvacuationRun,
  EvacuationStep,
  Weights,
} from '@internal/plugin-traffic-common';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  Actor,
  errorMessage,
  RelativeTime,
  relativeTime,
  RunbookLink,
  StatusBadge,
  usePolled,
} from '@internal/plugin-platform-react';
import { trafficApiRef } from '../api';

/** A run moves in seconds: its page follows it closely. */
const RUNS_REFRESH_MS = 2_000;
const PLAN_REFRESH_MS = 15_000;

/** A step's status as the badge shows it. */
const stepStatus = (status: EvacuationStep['status']) => {
  if (['passed', 'applied', 'verified'].includes(status)) return 'ok' as const;
  if (['refused', 'conflict', 'failed'].includes(status))
    return 'critical' as const;
  if (status === 'skipped') return 'warning' as const;
  return 'unknown' as const;
};

const entityPath = (ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
};

const when = (iso?: string) => (iso ? <RelativeTime at={iso} /> : '—');

/** Per cluster, its weight now and after: the one that changes in bold. */
const WeightChanges = (props: { before: Weights; after: Weights }) => (
  <>
    {Object.keys({ ...props.before, ...props.after }).map(cluster => {
      const from = props.before[cluster] ?? 0;
      const to = props.after[cluster] ?? 0;
      return (
        <Typography
          key={cluster}
          variant="caption"
          display="block"
          style={{ fontWeight: from === to ? undefined : 600 }}
        >
          {cluster}: {from} → {to}
        </Typography>
      );
    })}
  </>
);

/** What the plan does at one entry point, in words. */
const PlanOutcome = (props: {
  entry: EvacuationPlanEntry;
  cluster: string;
}) => {
  const { entry, cluster } = props;
  if (entry.allowed) return <StatusBadge status="ok" label="Moves" />;
  // Already off the cluster (someone drained it): nothing to move, not a
  // refusal to worry about.
  if (entry.weightsBefore[cluster] === 0 && entry.weightsAfter[cluster] === 0) {
    return (
      <>
        <StatusBadge status="ok" label="Already off" />{' '}
        <Typography variant="caption" data-testid="skip-reason">
          takes no traffic on {cluster} now
        </Typography>
      </>
    );
  }
  return (
    <>
      <StatusBadge status="warning" label="Skipped" />{' '}
      <Typography variant="caption" data-testid="skip-reason">
        {entry.skipReason}
      </Typography>
    </>
  );
};

const PlanTable = ({
  entries,
  cluster,
}: {
  entries: EvacuationPlanEntry[];
  cluster: string;
}) => (
  <Table size="small" aria-label="evacuation plan">
    <TableHead>
      <TableRow>
        {/* The entry point under its product: a column of its own pushed
            the checks past the card's edge at a 1024 px window. */}
        <TableCell>Product and entry point</TableCell>
        <TableCell>Weights now → after</TableCell>
        <TableCell>Checks</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {entries.map(entry => (
        <TableRow
          key={entry.entryPoint}
          data-testid={`plan-${entry.entryPoint}`}
        >
          <TableCell style={{ whiteSpace: 'nowrap' }}>
            <Link to={entityPath(entry.entityRef)}>{entry.title}</Link>
            <Typography variant="caption" display="block">
              {entry.entryPoint}
            </Typography>
          </TableCell>
          <TableCell style={{ whiteSpace: 'nowrap' }}>
            <WeightChanges
              before={entry.weightsBefore}
              after={entry.weightsAfter}
            />
          </TableCell>
          <TableCell>
            <PlanOutcome entry={entry} cluster={cluster} />
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/**
 * A run's measured recovery (provider, DNS, SLOs) or a rehearsal's
 * prediction, in the words the runbook uses.
 */
const recoveryTimes = (run: EvacuationRun) => {
  const seconds = (value: number) => `${value.toFixed(1)} s`;
  if (run.predictedConvergenceSeconds !== undefined) {
    return `converges in ~${run.predictedConvergenceSeconds} s`;
  }
  const parts = [
    run.verifiedAfterSeconds !== undefined &&
      `provider clear in ${seconds(run.verifiedAfterSeconds)}`,
    run.dnsClearAfterSeconds !== undefined &&
      `DNS clear in ${seconds(run.dnsClearAfterSeconds)}`,
    run.sloOkAfterSeconds !== undefined &&
      `SLOs OK in ${seconds(run.sloOkAfterSeconds)}`,
  ].filter(Boolean);
  return parts.join(' · ');
};

/** A freeze's expiry, or when it was lifted. */
const freezeState = (step: EvacuationStep) => {
  if (step.kind !== 'freeze' || !step.expiresAt) return undefined;
  // A deadline reads best as a clock time; the relative one is on hover.
  const until = (
    <span title={relativeTime(Date.parse(step.expiresAt), Date.now())}>
      {new Date(step.expiresAt).toLocaleString()}
    </span>
  );
  if (step.thawedAt) return <>Lifted {when(step.thawedAt)}</>;
  if (step.status === 'predicted' || step.status === 'pending') {
    return <>Would last until {until}</>;
  }
  return step.frozen?.length ? (
    <>Until {until}, unless traffic is returned first</>
  ) : undefined;
};

const RunsTable = (props: {
  runs: EvacuationRun[];
  shown?: string;
  onSelect: (id: string) => void;
}) =>
  props.runs.length === 0 ? (
    <Typography variant="body2">
      No evacuation or rehearsal of this cluster yet.
    </Typography>
  ) : (
    <Table size="small" aria-label="evacuation runs">
      <TableBody>
        {props.runs.map(run => (
          <TableRow
            key={run.id}
            hover
            selected={run.id === props.shown}
            onClick={() => props.onSelect(run.id)}
            style={{ cursor: 'pointer' }}
            data-testid={`run-${run.mode}-${run.status}`}
          >
            <TableCell>
              <Typography variant="body2">
                {run.mode === 'rehearsal' ? 'Rehearsal' : null}
                {run.mode === 'run' ? 'Evacuation' : null}
                {run.mode === 'return' ? 'Return' : null} · {run.status}
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {when(run.createdAt)} · <Actor actor={run.actor} />
              </Typography>
            </TableCell>
            <TableCell align="right">
              <Typography variant="body2" data-testid="run-times">
                {recoveryTimes(run)}
              </Typography>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );

const RunTimeline = (props: {
  run: EvacuationRun;
  onResume: () => void;
  onReturn?: () => void;
}) => {
  const { run } = props;
  return (
    <InfoCard
      title={`${run.mode === 'return' ? 'Return' : 'Evacuation'}${
        run.mode === 'rehearsal' ? ' rehearsal' : ''
      } · ${run.status}`}
      subheader={
        // One span: the header's flex layout would drop the spaces.
        <span>
          {run.reason} · by <Actor actor={run.actor} />
          {recoveryTimes(run) && ` · ${recoveryTimes(run)}`}
        </span>
      }
      action={
        <Box display="flex" style={{ gap: 8 }} mt={1}>
          {run.status === 'stopped' && (
            <Button
              variant="outlined"
              data-testid="resume-button"
              onClick={props.onResume}
            >
              Resume
            </Button>
          )}
          {props.onReturn && (
            <Button
              variant="outlined"
              color="primary"
              data-testid="return-button"
              onClick={props.onReturn}
            >
              Return traffic…
            </Button>
          )}
        </Box>
      }
    >
      <Table size="small" aria-label="run steps">
        <TableBody>
          {run.steps.map(step => (
            <TableRow key={step.id} data-testid={`step-${step.id}`}>
              <TableCell style={{ width: 110 }}>
                <StatusBadge
                  status={stepStatus(step.status)}
                  label={step.status}
                  testId={`step-status-${step.status}`}
                />
              </TableCell>
              <TableCell>
                <Typography variant="body2">{step.title}</Typography>
                {step.detail && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    {step.detail}
                  </Typography>
                )}
                {freezeState(step) && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                    data-testid="freeze-expiry"
                  >
                    {freezeState(step)}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};

/** Rehearse, evacuate or return: a reason, and for a run the cluster's name typed again. */
const StartDialog = (props: {
  cluster: string;
  mode: 'run' | 'rehearsal' | 'return';
  onSubmit: (body: {
    reason: string;
    confirmCluster: string;
    continueOnRefusal: boolean;
    freeze: boolean;
    freezeHours: number;
  }) => Promise<EvacuationRun>;
  onClose: (run?: EvacuationRun) => void;
}) => {
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState(props.mode === 'run' ? '' : props.cluster);
  const [continueOnRefusal, setContinue] = useState(false);
  const [freeze, setFreeze] = useState(true);
  const [freezeHours, setFreezeHours] = useState(24);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(undefined), [reason, typed]);
  const titles = {
    run: `Evacuate ${props.cluster}`,
    rehearsal: `Rehearse the evacuation of ${props.cluster}`,
    return: `Return traffic to ${props.cluster}`,
  };
  const ready = reason.trim() && typed === props.cluster && !busy;
  return (
    <Dialog open onClose={() => props.onClose()} maxWidth="sm" fullWidth>
      <DialogTitle>{titles[props.mode]}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {props.mode === 'run' &&
            'Every entry point above that may move is drained, and deploys to the cluster are frozen. Each product’s owners are told.'}
          {props.mode === 'rehearsal' &&
            'Every check a run makes, and the predicted time to converge. Nothing is written.'}
          {props.mode === 'return' &&
            'Restores exactly the weights the evacuation changed and resumes the auto-sync it paused. An entry point changed since is left as it is.'}
        </Typography>
        <TextField
          label="Reason (required, kept in the history and audit log)"
          fullWidth
          required
          value={reason}
          onChange={event => setReason(event.target.value)}
          inputProps={{ 'data-testid': 'evacuation-reason', maxLength: 500 }}
        />
        {props.mode === 'run' && (
          <>
            <TextField
              label={`Type ${props.cluster} to confirm`}
              fullWidth
              required
              margin="normal"
              value={typed}
              onChange={event => setTyped(event.target.value)}
              inputProps={{ 'data-testid': 'evacuation-confirm' }}
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={continueOnRefusal}
                  onChange={event => setContinue(event.target.checked)}
                />
              }
              label="Continue with the rest when an entry point is refused"
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={freeze}
                  onChange={event => setFreeze(event.target.checked)}
                />
              }
              label="Freeze deploys (pause Argo CD auto-sync on the cluster)"
            />
            {freeze && (
              <TextField
                select
                label="Lift the freeze after"
                value={freezeHours}
                onChange={event => setFreezeHours(Number(event.target.value))}
                SelectProps={{ native: true }}
                inputProps={{ 'data-testid': 'freeze-hours' }}
                helperText="Returning traffic lifts it sooner."
              >
                {[4, 24, 72, 168].map(hours => (
                  <option key={hours} value={hours}>
                    {hours < 48 ? `${hours} hours` : `${hours / 24} days`}
                  </option>
                ))}
              </TextField>
            )}
          </>
        )}
        {error && (
          <Typography
            color="error"
            variant="body2"
            data-testid="evacuation-error"
          >
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose()}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={!ready}
          data-testid="evacuation-submit"
          onClick={async () => {
            setBusy(true);
            try {
              props.onClose(
                await props.onSubmit({
                  reason,
                  confirmCluster: typed,
                  continueOnRefusal,
                  freeze,
                  freezeHours,
                }),
              );
            } catch (caught) {
              setError(errorMessage(caught));
            } finally {
              setBusy(false);
            }
          }}
        >
          {titles[props.mode]}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * A cluster's Evacuate tab: the plan (every entry point that has the cluster
 * as a target, what its drain would do, and why a run would skip it), the
 * Rehearse and Evacuate buttons (a reason and the cluster's name typed
 * again), the runs with their steps as they happen, and Return traffic.
 * The backend decides who may (platform on-call); a refusal shows here.
 */
export const EvacuationTab = () => {
  const { entity } = useEntity();
  const cluster = entity.metadata.name;
  const api = useApi(trafficApiRef);
  const loadPlan = useCallback(
    () => api.getEvacuationPlan(cluster),
    [api, cluster],
  );
  const loadRuns = useCallback(
    () => api.listEvacuations(cluster),
    [api, cluster],
  );
  const plan = usePolled(loadPlan, { intervalMs: PLAN_REFRESH_MS });
  const runs = usePolled(loadRuns, { intervalMs: RUNS_REFRESH_MS });
  const [dialog, setDialog] = useState<'run' | 'rehearsal' | 'return'>();
  const [selected, setSelected] = useState<string>();

  const items = runs.value?.items ?? [];
  const shown = items.find(run => run.id === selected) ?? items[0];
  const returned = (run: EvacuationRun) =>
    items.some(other => other.returnOf === run.id);

  if (plan.error && !plan.value)
    return <ResponseErrorPanel error={plan.error} />;
  if (!plan.value) return <Progress />;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`Evacuate ${cluster}`}
          subheader={
            <span data-testid="rehearsal-state">
              {runs.value?.lastRehearsedAt ? (
                <>Last rehearsed {when(runs.value.lastRehearsedAt)}</>
              ) : (
                'Never rehearsed'
              )}
              {runs.value?.rehearsalOverdue &&
                ' · not rehearsed in the last 30 days'}
            </span>
          }
          action={
            <Box display="flex" style={{ gap: 8 }} mt={1}>
              <Button
                variant="outlined"
                data-testid="rehearse-button"
                onClick={() => setDialog('rehearsal')}
              >
                Rehearse
              </Button>
              <Button
                variant="contained"
                color="secondary"
                data-testid="evacuate-button"
                onClick={() => setDialog('run')}
              >
                Evacuate…
              </Button>
            </Box>
          }
        >
          <Typography variant="body2" paragraph>
            Every entry point that has {cluster} as a target, and what
            evacuating it would do. Only platform on-call may run it.{' '}
            <RunbookLink
              section={RUNBOOKS.evacuate}
              testId="runbook-evacuate"
            />
          </Typography>
          <PlanTable entries={plan.value.entries} cluster={cluster} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Runs and rehearsals">
          <RunsTable runs={items} shown={shown?.id} onSelect={setSelected} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        {shown ? (
          <RunTimeline
            run={shown}
            onResume={() =>
              api.resumeEvacuation(shown.id).then(() => runs.reload())
            }
            onReturn={
              shown.mode === 'run' &&
              shown.status !== 'running' &&
              !returned(shown)
                ? () => setDialog('return')
                : undefined
            }
          />
        ) : (
          <InfoCard title="Timeline">
            <Typography variant="body2">No run yet.</Typography>
          </InfoCard>
        )}
      </Grid>
      {dialog && (
        <StartDialog
          cluster={cluster}
          mode={dialog}
          onSubmit={async body =>
            dialog === 'return'
              ? api.returnTraffic(shown!.id, body.reason)
              : api.startEvacuation(cluster, { ...body, mode: dialog })
          }
          onClose={run => {
            setDialog(undefined);
            if (run) {
              setSelected(run.id);
              runs.reload();
              plan.reload();
            }
          }}
        />
      )}
    </Grid>
  );
};
