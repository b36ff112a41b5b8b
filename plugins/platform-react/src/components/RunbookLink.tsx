import { Link } from '@backstage/core-components';
import { runbookHref } from '@internal/plugin-platform-common';

/**
 * "Runbook": a link to the section of the portal's runbooks that handles the
 * state shown beside it. `section` is one of platform-common's `RUNBOOKS`,
 * so the docs' link checker proves it exists.
 */
export const RunbookLink = (props: { section: string; testId?: string }) => (
  <Link
    to={runbookHref(props.section)}
    data-testid={props.testId}
    style={{ marginLeft: 8, fontSize: '0.8rem' }}
  >
    Runbook
  </Link>
);
