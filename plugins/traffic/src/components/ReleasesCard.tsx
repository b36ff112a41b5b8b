import { useCallback, useMemo, useState } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import {
  ReleaseCluster,
  ServiceRelease,
} from '@internal/plugin-traffic-common';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import {
  RunbookLink,
  statusColors,
  useFits,
  usePolled,
} from '@internal/plugin-platform-react';
import { trafficApiRef } from '../api';
import { ReasonDialog } from './ReasonDialog';

const REFRESH_MS = 15_000;

/** Names and buttons never break mid-word; a narrow window scrolls the table instead. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Argo CD's health in the portal's four colours. */
function healthColour(health?: string) {
  if (health === 'Healthy') return statusColors.ok;
  if (health === 'Degraded' || health === 'Missing')
    return statusColors.critical;
  if (health === 'Progressing' || health === 'Suspended')
    return statusColors.warning;
  return statusColors.unknown;
}

/** The tag an application runs, from its images, when it is not the ring's. */
function runningTag(cluster: ReleaseCluster, image: string) {
  const own = cluster.images.find(found => found.startsWith(`${image}:`));
  return own?.slice(image.length + 1);
}

type Pending =
  | {
      kind: 'promote';
      service: string;
      ring: string;
      tag: string;
      from: string;
    }
  | { kind: 'abort'; service: string; cluster: string }
  | { kind: 'promotions'; paused: boolean };

/**
 * Shipping, beside the failover button: which tag each upgrade ring runs
 * for each service (the infra repo's files) and what Argo CD reports on each
 * of the ring's clusters, with the governed actions — promote to the next
 * ring (a pull request), abort a canary (Argo CD's Rollout action), pause
 * or resume promotions (a pull request). Same permission, reason and audit
 * as a traffic change; each refusal is said in place.
 */
export const ReleasesCard = (props: {
  entity: Entity;
  denied?: string;
  onDone: (message: string) => void;
}) => {
  const { entity } = props;
  const api = useApi(trafficApiRef);
  const ref = useMemo(
    () => ({
      kind: entity.kind,
      namespace: entity.metadata.namespace,
      name: entity.metadata.name,
    }),
    [entity],
  );
  const load = useCallback(() => api.getReleases(ref), [api, ref]);
  const {
    value: view,
    error,
    reload,
  } = usePolled(load, {
    intervalMs: REFRESH_MS,
  });
  const [pending, setPending] = useState<Pending & { key: string }>();
  // When the table does not fit the card (at a 1024 px window its Promote
  // button was cut off at the card's edge), the next promotion goes on a
  // line of its own under each service.
  const { fits, holderRef, wideRef } = useFits();
  const narrow = !fits;

  if (error && !view) {
    return (
      <InfoCard title="Releases">
        <Typography color="error" data-testid="releases-error">
          Releases could not be read: {error.message}
        </Typography>
      </InfoCard>
    );
  }
  if (!view) {
    return (
      <InfoCard title="Releases">
        <Progress />
      </InfoCard>
    );
  }
  if (view.error) {
    return (
      <InfoCard title="Releases">
        <Typography color="error" data-testid="releases-error">
          {view.error}
        </Typography>
      </InfoCard>
    );
  }
  if (view.services.length === 0) return null;

  const denied = props.denied;
  const open = (next: Pending) =>
    setPending({ ...next, key: crypto.randomUUID() });

  const guarded = (
    label: string,
    testId: string,
    onClick: () => void,
    refusal?: string,
  ) => (
    <Tooltip title={denied ?? refusal ?? ''}>
      <span>
        <Button
          size="small"
          variant="outlined"
          style={NO_WRAP}
          data-testid={testId}
          disabled={!!denied || !!refusal}
          onClick={onClick}
        >
          {label}
        </Button>
      </span>
    </Tooltip>
  );

  const clusterLine = (service: ServiceRelease, cluster: ReleaseCluster) => {
    const running = runningTag(cluster, service.image);
    return (
      <Box
        key={cluster.cluster}
        mt={0.5}
        data-testid={`release-${service.service}-${cluster.cluster}`}
      >
        <Typography variant="caption" display="block" style={NO_WRAP}>
          {cluster.cluster}
        </Typography>
        {cluster.error ? (
          <Typography variant="caption" color="error" display="block">
            {cluster.error}
          </Typography>
        ) : (
          <Typography variant="caption" display="block">
            <span
              style={{ color: healthColour(cluster.health), fontWeight: 600 }}
            >
              {cluster.health ?? 'health unknown'}
            </span>
            {' · '}
            {cluster.sync ?? 'sync unknown'}
            {!cluster.runsTag && running && ` · runs ${running}`}
          </Typography>
        )}
        {cluster.abortable && (
          <Box mt={0.5}>
            {guarded(
              'Abort canary',
              `abort-${service.service}-${cluster.cluster}`,
              () =>
                open({
                  kind: 'abort',
                  service: service.service,
                  cluster: cluster.cluster,
                }),
            )}
          </Box>
        )}
      </Box>
    );
  };

  const rings = view.services[0].rings.map(ring => ring.ring);

  const submit = async (reason: string) => {
    if (!pending) return;
    const options = { idempotencyKey: pending.key };
    let message: string;
    if (pending.kind === 'promote') {
      const result = await api.promote(
        ref,
        { service: pending.service, ring: pending.ring, reason },
        options,
      );
      message = `promotion of ${pending.service} ${pending.tag} to ${
        pending.ring
      } proposed: ${result.entry.pullRequestUrl ?? result.outcome}`;
    } else if (pending.kind === 'abort') {
      const result = await api.abortRollout(
        ref,
        { service: pending.service, cluster: pending.cluster, reason },
        options,
      );
      message = `canary of ${pending.service} on ${pending.cluster} aborted: ${result.outcome}`;
    } else {
      const result = await api.setPromotions(
        ref,
        { paused: pending.paused, reason },
        options,
      );
      message = `${
        pending.paused ? 'pause' : 'resumption'
      } of promotions proposed: ${
        result.entry.pullRequestUrl ?? result.outcome
      }`;
    }
    setPending(undefined);
    props.onDone(message);
    reload();
  };

  const dialog = () => {
    if (!pending) return null;
    const name = entity.metadata.title ?? entity.metadata.name;
    if (pending.kind === 'promote') {
      return {
        title: `Promote ${pending.service} ${pending.tag} to ${pending.ring}`,
        description: `Opens a pull request on the infra repo setting ${pending.ring}'s tag to ${pending.tag} (what ${pending.from} runs, Synced and Healthy). The infra repo's reviewers merge it; Argo CD then canaries it on ${pending.ring}'s clusters.`,
        confirmLabel: 'Open pull request',
      };
    }
    if (pending.kind === 'abort') {
      return {
        title: `Abort the canary of ${pending.service} on ${pending.cluster}`,
        description:
          'Argo Rollouts stops the canary: the stable version takes all the traffic back and the Rollout shows Degraded. The tag stays in Git; fix forward with a new release, or set the ring back to its previous tag by pull request.',
        confirmLabel: 'Abort canary',
      };
    }
    return {
      title: `${pending.paused ? 'Pause' : 'Resume'} promotions of ${name}`,
      description: pending.paused
        ? `Opens a pull request setting paused: true in ${view.promotionsFile}. Once merged, no version moves to a later ring; ring-0 still receives releases.`
        : `Opens a pull request setting paused: false in ${view.promotionsFile}. Once merged, versions move from ring to ring again.`,
      confirmLabel: 'Open pull request',
    };
  };
  const shown = dialog();

  /** The next promotion of a service and its button, or that none is due. */
  const promotionOf = (service: ServiceRelease) =>
    service.promotion ? (
      <>
        <Typography variant="body2">
          {service.promotion.tag}: {service.promotion.from} →{' '}
          {service.promotion.to}
        </Typography>
        <Typography variant="caption" color="textSecondary" display="block">
          {service.promotion.reason}
        </Typography>
        <Box mt={0.5}>
          {guarded(
            `Promote to ${service.promotion.to}`,
            `promote-${service.service}`,
            () =>
              open({
                kind: 'promote',
                service: service.service,
                ring: service.promotion!.to,
                tag: service.promotion!.tag,
                from: service.promotion!.from,
              }),
            (view.paused && 'promotions are paused') ||
              (!service.promotion.ready ? service.promotion.reason : undefined),
          )}
        </Box>
      </>
    ) : (
      <Typography variant="body2" color="textSecondary">
        every ring runs {service.rings[0]?.tag}
      </Typography>
    );

  return (
    <InfoCard
      title="Releases"
      subheader={`Promotions ${view.paused ? 'paused' : 'on'} (${
        view.promotionsFile
      })`}
      action={
        <Box mt={1} mr={1}>
          {guarded(
            view.paused ? 'Resume promotions' : 'Pause promotions',
            view.paused ? 'resume-promotions' : 'pause-promotions',
            () => open({ kind: 'promotions', paused: !view.paused }),
          )}
        </Box>
      }
    >
      <div ref={holderRef} style={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="releases by ring" ref={wideRef}>
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              {rings.map(ring => (
                <TableCell key={ring}>{ring}</TableCell>
              ))}
              {!narrow && <TableCell>Next promotion</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {view.services.flatMap(service => [
              <TableRow
                key={service.service}
                data-testid={`release-row-${service.service}`}
                style={{ verticalAlign: 'top' }}
              >
                <TableCell>
                  <Typography variant="subtitle2" style={NO_WRAP}>
                    {service.service}
                  </Typography>
                </TableCell>
                {service.rings.map(ring => (
                  <TableCell key={ring.ring}>
                    <Typography variant="body2" style={{ fontWeight: 600 }}>
                      {ring.tag}
                    </Typography>
                    {ring.clusters.map(cluster =>
                      clusterLine(service, cluster),
                    )}
                  </TableCell>
                ))}
                {!narrow && (
                  <TableCell data-testid={`promotion-${service.service}`}>
                    {promotionOf(service)}
                  </TableCell>
                )}
              </TableRow>,
              // On a narrow card the next promotion gets its own line under
              // the service: as a fifth column its button was cut off.
              narrow && (
                <TableRow key={`${service.service}-promotion`}>
                  <TableCell
                    colSpan={rings.length + 1}
                    data-testid={`promotion-${service.service}`}
                  >
                    <Typography variant="overline" color="textSecondary">
                      Next promotion
                    </Typography>
                    {promotionOf(service)}
                  </TableCell>
                </TableRow>
              ),
            ])}
          </TableBody>
        </Table>
      </div>
      {view.problems.map(problem => (
        <Typography
          key={problem}
          variant="caption"
          color="error"
          display="block"
        >
          {problem}
        </Typography>
      ))}
      {view.pullRequests.length > 0 && (
        <Box mt={2} data-testid="release-pull-requests">
          <Typography variant="subtitle2">
            Open release pull requests
          </Typography>
          {view.pullRequests.map(pr => (
            <Typography key={pr.url} variant="body2">
              <Link to={pr.url}>{pr.title}</Link>{' '}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                ({pr.branch})
              </Typography>
            </Typography>
          ))}
        </Box>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        How a version moves and how to stop it:{' '}
        <RunbookLink section={RUNBOOKS.badRelease} />
      </Typography>
      {pending && shown && (
        <ReasonDialog
          title={shown.title}
          description={shown.description}
          confirmLabel={shown.confirmLabel}
          inputTestId="release-reason-input"
          confirmTestId="confirm-release"
          onSubmit={submit}
          onClose={() => setPending(undefined)}
        />
      )}
    </InfoCard>
  );
};
