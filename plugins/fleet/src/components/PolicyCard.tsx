import { Typography } from '@material-ui/core';
import { PerClusterCard } from './PerClusterCard';

/** "high · Supply Chain": what Kyverno copied from the policy's annotations. */
const labelOf = (failure: { severity?: string; category?: string }) =>
  [failure.severity, failure.category].filter(Boolean).join(' · ');

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
    columns={['Results', 'Failures by severity', 'Failing policies']}
    render={({ counts, bySeverity, failing }) => {
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
      ];
    }}
  />
);
