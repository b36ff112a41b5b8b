import { Typography } from '@material-ui/core';
import { BlockedAdmissions } from '@internal/plugin-fleet-common';
import { PerClusterCard } from './PerClusterCard';

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
  return (
    <>
      <Typography variant="body2" data-testid="policy-blocked">
        <strong>{blocked.count}</strong> refused
      </Typography>
      {blocked.recent.map(refusal => (
        <Typography
          key={`${refusal.policy} ${refusal.resource}`}
          variant="caption"
          display="block"
          title={refusal.message}
        >
          {refusal.resource} by {refusal.policy},{' '}
          {new Date(refusal.at).toLocaleTimeString()}
        </Typography>
      ))}
    </>
  );
};

/**
 * Kyverno on every cluster: report results for the entity's workloads,
 * counted by result and (for failures) by severity, and each failing policy
 * with its severity and category, the resources it failed on and Kyverno's
 * message.
 */
export const PolicyCard = () => (
  <PerClusterCard
    title="Kyverno policy"
    source="policy"
    columns={[
      'Results',
      'Failures by severity',
      'Failing policies',
      'Blocked (24 h)',
    ]}
    render={({ counts, bySeverity, failing, blocked }) => {
      const severities = Object.entries(bySeverity);
      return [
        <Typography variant="body2">
          {counts.pass} pass · {counts.fail} fail · {counts.warn} warn ·{' '}
          {counts.error} error · {counts.skip} skip
        </Typography>,
        <Typography variant="body2">
          {severities.length === 0
            ? 'none'
            : severities
                .map(([severity, count]) => `${severity}: ${count}`)
                .join(' · ')}
        </Typography>,
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
                {failure.resources.join(', ')}
              </Typography>
            ))}
          </>
        ),
        <Blocked blocked={blocked} />,
      ];
    }}
  />
);
