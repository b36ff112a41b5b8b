import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { forgeChanges } from '../forge/events';
import { Forge, parseRepoRef } from '../forge/types';
import { authorOf, inWorkspace } from './common';

const repoInput = (z: any) =>
  z.string().describe('The repository, owner/name (lowercase).');

function checkedRepo(repo: string): string {
  try {
    parseRepoRef(repo);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  return repo;
}

/** `trinity:repo:checkout`: the default branch of a repository into the workspace. */
export function createCheckoutAction(forge: Forge) {
  return createTemplateAction({
    id: 'trinity:repo:checkout',
    description:
      'Writes the default branch of a forge repository into the workspace.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        targetPath: z =>
          z
            .string()
            .describe('Workspace directory to write it to (must not exist).'),
      },
    },
    async handler(ctx) {
      const target = inWorkspace(ctx, ctx.input.targetPath);
      if (fs.existsSync(target))
        throw new InputError(
          `${ctx.input.targetPath} already exists in the workspace`,
        );
      await forge.checkout(checkedRepo(ctx.input.repo), target);
    },
  });
}

/**
 * `trinity:repo:publish`: creates a repository from a workspace directory.
 * When the repository exists (the template runs again for the same
 * product), the new contents go to a pull request on it instead, updated
 * on every further run.
 */
export function createPublishAction(forge: Forge) {
  return createTemplateAction({
    id: 'trinity:repo:publish',
    description:
      'Creates a forge repository from the workspace, or proposes the new contents to an existing one.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        sourcePath: z =>
          z.string().describe('Workspace directory with the contents.'),
        description: z => z.string().optional(),
      },
      output: {
        repoUrl: z => z.string(),
        cloneUrl: z => z.string(),
        created: z => z.boolean(),
        pullRequestUrl: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const repo = checkedRepo(ctx.input.repo);
      const dir = inWorkspace(ctx, ctx.input.sourcePath);
      const existing = await forge.getRepo(repo);
      const message = `Create ${repo}${
        ctx.input.description ? `\n\n${ctx.input.description}` : ''
      }`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          existing
            ? `dry run: ${repo} exists; would open a pull request`
            : `dry run: would create ${repo}`,
        );
        ctx.output('repoUrl', existing?.url ?? `(dry run) ${repo}`);
        ctx.output('cloneUrl', existing?.cloneUrl ?? `(dry run) ${repo}`);
        ctx.output('created', !existing);
        return;
      }
      if (!existing) {
        const info = await ctx.checkpoint({
          key: `create-${repo}`,
          fn: async () => {
            const created = await forge.createRepo(repo, dir, {
              message,
              author: authorOf(ctx),
            });
            return { url: created.url, cloneUrl: created.cloneUrl };
          },
        });
        forgeChanges.emit('changed', repo);
        ctx.output('repoUrl', info.url);
        ctx.output('cloneUrl', info.cloneUrl);
        ctx.output('created', true);
        return;
      }
      const changed = await forge.diff(repo, dir);
      ctx.output('repoUrl', existing.url);
      ctx.output('cloneUrl', existing.cloneUrl);
      ctx.output('created', false);
      if (changed.length === 0) {
        ctx.logger.info(`${repo} already has these contents`);
        return;
      }
      const { pullRequest, updated } = await forge.openPullRequest(repo, dir, {
        branch: 'trinity/template-update',
        title: `Update ${repo} from its template`,
        description: ctx.input.description ?? '',
        author: authorOf(ctx),
      });
      ctx.logger.info(`${updated ? 'updated' : 'opened'} ${pullRequest.url}`);
      ctx.output('pullRequestUrl', pullRequest.url);
    },
  });
}

/**
 * `trinity:pull-request`: proposes a workspace directory holding a whole
 * checkout of a repository (after the template's edits) as a pull request.
 * Re-running with the same branch replaces the request's commit. Every
 * changed path must be inside `allowedPaths`, so nothing a user types can
 * change another tenant's files.
 */
export function createPullRequestAction(forge: Forge) {
  return createTemplateAction({
    id: 'trinity:pull-request',
    description:
      'Opens (or updates) a pull request with the changes of a workspace checkout.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        sourcePath: z =>
          z
            .string()
            .describe(
              'Workspace directory: a checkout of the repository, edited.',
            ),
        branch: z => z.string(),
        title: z => z.string(),
        description: z => z.string(),
        allowedPaths: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              'Path prefixes the request may change (repository-relative).',
            ),
      },
      output: {
        pullRequestUrl: z => z.string(),
        branch: z => z.string(),
        files: z => z.array(z.string()),
        updated: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const repo = checkedRepo(ctx.input.repo);
      const dir = inWorkspace(ctx, ctx.input.sourcePath);
      const files = await forge.diff(repo, dir);
      const outside = files.filter(
        f =>
          !ctx.input.allowedPaths.some(
            p => f === p || f.startsWith(p.endsWith('/') ? p : `${p}/`),
          ),
      );
      if (outside.length) {
        throw new InputError(
          `the pull request would change files outside ${ctx.input.allowedPaths.join(
            ', ',
          )}: ${outside.join(', ')}`,
        );
      }
      ctx.output('branch', ctx.input.branch);
      ctx.output('files', files);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would propose ${files.length} file(s) to ${repo} on ${ctx.input.branch}`,
        );
        ctx.output('pullRequestUrl', `(dry run) ${repo}@${ctx.input.branch}`);
        ctx.output('updated', false);
        return;
      }
      const { pullRequest, updated } = await forge.openPullRequest(repo, dir, {
        branch: ctx.input.branch,
        title: ctx.input.title,
        description: ctx.input.description,
        author: authorOf(ctx),
      });
      ctx.logger.info(
        `${updated ? 'updated' : 'opened'} pull request ${pullRequest.url} (${
          files.length
        } files)`,
      );
      ctx.output('pullRequestUrl', pullRequest.url);
      ctx.output('updated', updated);
    },
  });
}
