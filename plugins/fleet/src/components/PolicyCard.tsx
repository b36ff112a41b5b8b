import { Typography } from '@material-ui/core';
import {
  BlockedAdmissions,
  PolicyCellData,
} from '@internal/plugin-fleet-common';
import { PerClusterCard } from './PerClusterCard';
import { RelativeTime } from '@internal/plugin-platform-react';

/** "7 pass · 2 fail · 3 warn": pass and fail always, the rest when any. */
const resultsLine = (counts: Record<string, number>) =>
  [
    `${counts.pass} pass`,
    `${counts.fail} fail`,
    ...['warn', 'error', 'skip']
      .filter(result => counts[result] > 0)
      .map(result => `${counts[result]} ${result}`),
  ].join(' · ');

/**
 * "2 Pods, 1 Deployment": resource names are long generated ids that would
 * break mid-word in a table cell; the names are on hover.
 */
function kindsOf(resources: string[]) {
  const byKind = new Map<string, number>();
  for (const resource of resources) {
    const kind = resource.split('/')[0];
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return [...byKind]
    .map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`)
    .join(', ');
}

/** "high · Supply Chain": what Kyverno copied from the policy's annotations. */
const labelOf = (failure: { severity?: string; category?: string }) =>
  [failure.severity, failure.category].filter(Boolean).join(' · ');

/**
 * Admissions Kyverno refused: no report covers a resource it never let in,
 * so the count comes from its Events; why it is unknown when they could
 * not be read.
 */
const Blocked = ({ blocked }: { blocked?: BlockedAdmissions }) => {
  if (!blocked) return <Typography variant="body2">—</Typography>;
  if ('error' in blocked) {
    return (
      <Typography variant="body2" color="textSecondary">
        unknown: {blocked.error}
      </Typography>
    );
  }
  if (blocked.count === 0) return <Typography variant="body2">none</Typography>;
  // One line per refused resource, the policies that refused it below: a
  // rollout broken three ways is one rollout, not three.
  const byResource = new Map<string, typeof blocked.recent>();
  for (const refusal of blocked.recent) {
    byResource.set(refusal.resource, [
      ...(byResource.get(refusal.resource) ?? []),
      refusal,
    ]);
  }
  return (
    <>
      <Typography variant="body2" data-testid="policy-blocked">
        <strong>{blocked.count}</strong> refused
      </Typography>
      {[...byResource].map(([resource, refusals]) => (
        <div key={resource} style={{ marginTop: 4 }}>
          <Typography variant="caption" display="block">
            {resource.replace('/', ' ')} ·{' '}
            <RelativeTime
              at={new Date(
                Math.max(...refusals.map(refusal => Date.parse(refusal.at))),
              ).toISOString()}
            />
          </Typography>
          <Typography
            variant="caption"
            display="block"
            color="textSecondary"
            title={refusals
              .map(refusal => `${refusal.policy}: ${refusal.message}`)
              .join('\n')}
          >
            by {refusals.map(refusal => refusal.policy).join(', ')}
          </Typography>
        </div>
      ))}
    </>
  );
};

type Exception = NonNullable<PolicyCellData['exceptions']>[number];

/** "expires in 30 days (2027-01-03)", or that it has expired. */
function expiryOf(exception: Exception, now = Date.now()) {
  if (!exception.expiresAt) return 'no expiry';
  const at = Date.parse(exception.expiresAt);
  const date = exception.expiresAt.slice(0, 10);
  if (exception.expired || at <= now) return `expired ${date}`;
  const days = Math.ceil((at - now) / 86_400_000);
  return `expires in ${days} day${days === 1 ? '' : 's'} (${date})`;
}

/**
 * Granted Kyverno PolicyExceptions that skipped policies for these
 * workloads, once each (they come from the infra repo, so usually the same
 * on every cluster): which policy, on which resources, under which ticket,
 * who approved it, when it ends, and on which clusters Kyverno applied it;
 * the reason below.
 */
const Exceptions = ({
  rows,
}: {
  rows: Array<{ cluster: string; data: PolicyCellData }>;
}) => {
  const byName = new Map<
    string,
    { exception: Exception; clusters: string[] }
  >();
  for (const { cluster, data } of rows) {
    for (const exception of data.exceptions ?? []) {
      const entry = byName.get(exception.name) ?? { exception, clusters: [] };
      entry.clusters.push(cluster);
      byName.set(exception.name, entry);
    }
  }
  if (byName.size === 0) return null;
  return (
    <div style={{ marginTop: 16 }}>
      <Typography variant="subtitle2">Exceptions</Typography>
      {[...byName.values()].map(({ exception, clusters }) => (
        <div
          key={exception.name}
          data-testid={`exception-${exception.name}`}
          style={{ marginTop: 4 }}
        >
          <Typography variant="body2">
            <strong>{exception.policies.join(', ')}</strong> skipped on{' '}
            {exception.resources
              .map(resource => resource.replace('/', ' '))
              .join(', ')}
            {' · '}
            {exception.found
              ? [
                  exception.ticket,
                  exception.approvedBy && `approved by ${exception.approvedBy}`,
                  expiryOf(exception),
                ]
                  .filter(Boolean)
                  .join(' · ')
              : `${exception.name} (not readable on the cluster)`}
          </Typography>
          <Typography
            variant="caption"
            display="block"
            color={exception.expired ? 'error' : 'textSecondary'}
          >
            {exception.reason ? `${exception.reason} · ` : ''}
            {exception.name} · on {clusters.length} of {rows.length} clusters
          </Typography>
        </div>
      ))}
    </div>
  );
};

/**
 * Kyverno on every cluster: report results for the entity's workloads,
 * counted by result; each failing policy with its severity and category,
 * the resources it failed on and Kyverno's message; the admissions it
 * refused in the last 24 h; the exceptions granted for these workloads.
 */
export const PolicyCard = () => (
  <PerClusterCard
    title="Kyverno policy"
    source="policy"
    // Severity is beside each failing policy; a column of it would push the
    // refusals out of a half-width card.
    columns={['Results', 'Failing policies', 'Blocked (24 h)']}
    render={({ counts, failing, blocked }) => {
      return [
        <Typography variant="body2">{resultsLine(counts)}</Typography>,
        failing.length === 0 ? (
          <Typography variant="body2">none</Typography>
        ) : (
          <>
            {failing.map(failure => (
              <Typography
                key={failure.policy}
                variant="body2"
                title={failure.message}
                data-testid={`failing-${failure.policy}`}
              >
                <strong>{failure.policy}</strong>
                {labelOf(failure) && ` (${labelOf(failure)})`} on{' '}
                <span title={failure.resources.join('\n')}>
                  {kindsOf(failure.resources)}
                </span>
              </Typography>
            ))}
          </>
        ),
        <Blocked blocked={blocked} />,
      ];
    }}
    footer={rows => <Exceptions rows={rows} />}
  />
);
