import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { Author } from '@internal/plugin-forge-node';

/** A path inside the task's workspace; `..` or absolute paths cannot escape it. */
export const inWorkspace = (
  ctx: { workspacePath: string },
  relativePath: string,
) => resolveSafeChildPath(ctx.workspacePath, relativePath);

/** The commit author: the user who runs the template. */
export function authorOf(ctx: ActionContext<any, any>): Author {
  const entity = ctx.user?.entity;
  const profile = (entity?.spec?.profile ?? {}) as {
    displayName?: string;
    email?: string;
  };
  const name =
    profile.displayName ?? entity?.metadata.name ?? ctx.user?.ref ?? 'Trinity';
  const email =
    profile.email ??
    `${entity?.metadata.name ?? 'trinity'}@users.noreply.invalid`;
  return { name, email, ...(ctx.user?.ref && { ref: ctx.user.ref }) };
}
