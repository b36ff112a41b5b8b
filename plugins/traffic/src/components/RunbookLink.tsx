import { Link } from '@backstage/core-components';
import { runbookHref } from '@internal/plugin-platform-common';

/** "Runbook": the section of the portal's runbooks that handles a state. */
export const RunbookLink = (props: { section: string; testId?: string }) => (
  <Link
    to={runbookHref(props.section)}
    data-testid={props.testId}
    style={{ marginLeft: 8, fontSize: '0.8rem' }}
  >
    Runbook
  </Link>
);
