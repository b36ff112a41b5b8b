import { useCallback, useMemo, useState } from 'react';
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
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { ClusterTraffic, TrafficAction } from '@internal/plugin-traffic-common';
import { trafficApiRef } from '../api';
import { ActionDialog } from './ActionDialog';
import { AutoSyncCard } from './AutoSyncCard';
import { ReleasesCard } from './ReleasesCard';
import { ShareBar } from './ShareBar';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  Actor,
  AwaitingInfra,
  RelativeTime,
  RunbookLink,
  healthStatus,
  statusColors,
  useNow,
  usePolled,
  Words,
} from '@internal/plugin-platform-react';

/** How often the panel asks again: traffic moves faster than the fleet. */
const REFRESH_MS = 10_000;

function countdown(expiresAt: string, now: number) {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

const FailoverPanel = () => {
  const { entity } = useEntity();
  const api = useApi(trafficApiRef);
  // "restores in 14 min 3 s", ticking every second.
  const now = useNow(1000);
  const [action, setAction] = useState<TrafficAction>();
  const [notice, setNotice] = useState<string>();

  const ref = useMemo(
    () => ({
      kind: entity.kind,
      namespace: entity.metadata.namespace,
      name: entity.metadata.name,
    }),
    [entity],
  );
  // Auto-sync is read apart; its failure leaves the traffic view alone and
  // hides its card.
  const loadSync = useCallback(
    () => api.getAutoSync(ref).catch(() => undefined),
    [api, ref],
  );
  const loadView = useCallback(() => api.getView(ref), [api, ref]);
  const { value: sync, reload: reloadSync } = usePolled(loadSync, {
    intervalMs: REFRESH_MS,
  });
  const {
    value: view,
    error: loadError,
    reload: reloadView,
  } = usePolled(loadView, { intervalMs: REFRESH_MS });
  // After an action: both at once, each shown as soon as it answers.
  const reload = () => {
    reloadSync();
    reloadView();
  };

  if (loadError && !view) return <ResponseErrorPanel error={loadError} />;
  if (!view) return <Progress />;
  const state = view.state;
  const denied = view.permission.allowed
    ? undefined
    : view.permission.reason ?? 'you may not shift this traffic';

  const button = (label: string, nextAction: TrafficAction, testId: string) => (
    <Tooltip title={denied ?? ''}>
      <span>
        <Button
          size="small"
          variant="outlined"
          disabled={!!denied}
          data-testid={testId}
          onClick={() => setAction(nextAction)}
        >
          {label}
        </Button>
      </span>
    </Tooltip>
  );

  const row = (cluster: ClusterTraffic) => (
    <TableRow
      key={cluster.cluster}
      data-testid={`traffic-row-${cluster.cluster}`}
    >
      <TableCell>
        <Typography variant="subtitle2">
          <Words text={cluster.cluster} />
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {cluster.target}
        </Typography>
      </TableCell>
      <TableCell>{cluster.weight}</TableCell>
      <TableCell>
        <span
          style={{
            color: statusColors[healthStatus(cluster.health)],
            fontWeight: 600,
          }}
        >
          {cluster.health}
        </span>
        {cluster.health === 'unhealthy' && (
          <RunbookLink
            section={RUNBOOKS.targetUnhealthy}
            testId={`runbook-health-${cluster.cluster}`}
          />
        )}
        {cluster.healthDetail && (
          <Typography variant="caption" display="block" color="textSecondary">
            {cluster.healthDetail}
          </Typography>
        )}
      </TableCell>
      <TableCell>{Math.round(cluster.share * 100)}%</TableCell>
      <TableCell data-testid={`drain-info-${cluster.cluster}`}>
        {cluster.drain ? (
          <>
            <Typography variant="body2">
              Drained by <Actor actor={cluster.drain.actor} />:{' '}
              {cluster.drain.reason}
              <RunbookLink
                section={RUNBOOKS.drained}
                testId={`runbook-drain-${cluster.cluster}`}
              />
            </Typography>
            {cluster.drain.expiresAt && (
              <Typography variant="caption" color="textSecondary">
                restores in {countdown(cluster.drain.expiresAt, now)}
              </Typography>
            )}
          </>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        {cluster.weight > 0
          ? button(
              'Drain',
              { kind: 'drain', cluster: cluster.cluster },
              `drain-${cluster.cluster}`,
            )
          : button(
              'Restore',
              { kind: 'restore', cluster: cluster.cluster },
              `restore-${cluster.cluster}`,
            )}
      </TableCell>
    </TableRow>
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={state ? state.name : 'Entry point'}
          subheader={
            state
              ? `${state.provider} · ${state.tier} · TTL ${
                  state.ttl ?? '—'
                } s · version ${state.version}`
              : undefined
          }
        >
          {loadError && (
            <ResponseErrorPanel
              error={loadError}
              title="Refresh failed; showing the last answer"
            />
          )}
          {view.error && (
            <Typography color="error" data-testid="provider-error">
              The provider could not be read: {view.error.message}
              <RunbookLink section={RUNBOOKS.dnsProviderDown} />
            </Typography>
          )}
          {notice && (
            <Typography data-testid="action-notice" style={{ marginBottom: 8 }}>
              {notice}
            </Typography>
          )}
          {denied && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="permission-denied"
            >
              You can see this entry point, but {denied}.
            </Typography>
          )}
          {state && (
            <>
              <ShareBar clusters={state.clusters} />
              {state.pendingChange && (
                <Typography variant="body2">
                  Provider change {state.pendingChange.id}:{' '}
                  {state.pendingChange.status}
                </Typography>
              )}
              <Table size="small" aria-label="entry point clusters">
                <TableHead>
                  <TableRow>
                    <TableCell>Cluster</TableCell>
                    <TableCell>Weight</TableCell>
                    <TableCell>Provider health</TableCell>
                    <TableCell>Share</TableCell>
                    <TableCell>Drain</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>{state.clusters.map(row)}</TableBody>
              </Table>
              <Box mt={2}>
                {button(
                  'Set weights…',
                  {
                    kind: 'weights',
                    weights: Object.fromEntries(
                      state.clusters.map(cluster => [
                        cluster.cluster,
                        cluster.weight,
                      ]),
                    ),
                  },
                  'set-weights',
                )}
              </Box>
            </>
          )}
        </InfoCard>
      </Grid>
      {sync && Object.keys(sync).length > 0 && (
        <Grid item xs={12}>
          <AutoSyncCard
            entity={entity}
            sync={sync}
            denied={denied}
            onDone={message => {
              setNotice(message);
              reload();
            }}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <ReleasesCard
          entity={entity}
          denied={denied}
          onDone={message => {
            setNotice(message);
            reloadView();
          }}
        />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="History">
          {view.history.length === 0 ? (
            <Typography>No traffic change yet.</Typography>
          ) : (
            <Table size="small" aria-label="traffic history">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Who</TableCell>
                  <TableCell>What</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>Outcome</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {view.history.map(entry => (
                  <TableRow key={entry.id} data-testid="history-row">
                    <TableCell>
                      <RelativeTime at={entry.createdAt} />
                    </TableCell>
                    <TableCell>
                      <Actor actor={entry.actor} />
                    </TableCell>
                    <TableCell>
                      {entry.kind} {entry.cluster ?? ''}
                      {entry.pullRequestUrl && (
                        <Typography variant="caption" display="block">
                          <Link to={entry.pullRequestUrl}>pull request</Link>
                        </Typography>
                      )}
                      <Typography variant="caption" display="block">
                        {Object.keys(entry.weightsAfter)
                          .filter(
                            cluster =>
                              entry.weightsAfter[cluster] !==
                              entry.weightsBefore[cluster],
                          )
                          .map(
                            cluster =>
                              `${cluster} ${entry.weightsBefore[cluster]} → ${entry.weightsAfter[cluster]}`,
                          )
                          .join(', ')}
                      </Typography>
                    </TableCell>
                    <TableCell>{entry.reason}</TableCell>
                    <TableCell>
                      {entry.outcome}
                      {entry.error && (
                        <Typography variant="caption" display="block">
                          {entry.error}
                        </Typography>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      {action && (
        <ActionDialog
          entity={entity}
          action={action}
          onClose={result => {
            setAction(undefined);
            if (result) {
              setNotice(
                `${result.entry.kind} ${result.entry.cluster ?? ''}: ${
                  result.outcome
                }${result.replayed ? ' (already done)' : ''}${
                  result.warning ? ` — ${result.warning}` : ''
                }`,
              );
              reload();
            }
          }}
        />
      )}
    </Grid>
  );
};

/**
 * The failover panel of a product: share of traffic per cluster behind its
 * entry point, each cluster's target, weight and provider health, active
 * drains with their countdown, the drain / restore / weights buttons (each
 * through a previewed, checked confirm step), and the history.
 */
export const FailoverTab = () => {
  const { entity } = useEntity();
  // Until its tenant is merged no DNS record exists: no 0 % warnings.
  return (
    <AwaitingInfra entity={entity}>
      <FailoverPanel />
    </AwaitingInfra>
  );
};
