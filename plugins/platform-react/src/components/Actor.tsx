import { EntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * Who did something: a person or team by display name, linked to their
 * catalog page; anything else (the portal's own scheduler, a service) as
 * written.
 */
export const Actor = (props: { actor: string }) =>
  /^(user|group):/.test(props.actor) ? (
    <EntityRefLink entityRef={props.actor} hideIcon disableTooltip />
  ) : (
    <span>{props.actor}</span>
  );
