import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  Forge,
  infraRepoFromConfig,
  parseRepoRef,
  publishForgeRepoChanged,
} from '@internal/plugin-forge-node';
import { parseAllDocuments } from 'yaml';
import { authorOf, inWorkspace } from './common';
import { checkRepoAccess, userAccessOf } from './userAccess';

/** What the repository actions need to know who is asking. */
export interface RepoActionDeps {
  forge: Forge;
  userInfo: UserInfoService;
  config: Config;
  /** Where a new repository is announced (the forge's repo-changed event). */
  events: EventsService;
  logger: LoggerService;
}

/**
 * The repository, checked: a well-formed name, and one the initiator may
 * use through the portal's credentials (the infra repo, their teams'
 * repositories; any for platform admins) — in dry runs too.
 */
async function allowedRepo(
  ctx: ActionContext<any, any>,
  deps: RepoActionDeps,
  repo: string,
): Promise<string> {
  checkedRepo(repo);
  checkRepoAccess(
    await userAccessOf(ctx, deps.userInfo, deps.config),
    repo,
    infraRepoFromConfig(deps.config),
  );
  return repo;
}

/** The System a catalog-info.yaml declares: its name and owner. */
function systemOf(text: string | undefined) {
  for (const doc of parseAllDocuments(text ?? '')) {
    const entity = doc.toJS() as any;
    if (entity?.kind === 'System') {
      return {
        name: String(entity.metadata?.name),
        owner: String(entity.spec?.owner),
      };
    }
  }
  return undefined;
}

/**
 * Refuses to propose a new tree to an existing repository that was not
 * created for the same product: its root catalog-info.yaml must declare
 * the same System, with the same owner, as the one being published.
 */
async function checkSameProduct(forge: Forge, repo: string, dir: string) {
  const ours = systemOf(
    fs.existsSync(path.join(dir, 'catalog-info.yaml'))
      ? fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')
      : undefined,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-publish-'));
  try {
    await forge.checkout(repo, path.join(work, 'repo'));
    const file = path.join(work, 'repo', 'catalog-info.yaml');
    const theirs = systemOf(
      fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined,
    );
    if (
      !ours ||
      !theirs ||
      ours.name !== theirs.name ||
      ours.owner !== theirs.owner
    ) {
      throw new InputError(
        `${repo} exists and was not created for this product (it declares ${
          theirs ? `System ${theirs.name} of ${theirs.owner}` : 'no System'
        }, this is ${
          ours ? `System ${ours.name} of ${ours.owner}` : 'no System'
        }): nothing was proposed to it; choose another product name`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const repoInput = (zod: any) =>
  zod.string().describe('The repository, owner/name (lowercase).');

function checkedRepo(repo: string): string {
  try {
    parseRepoRef(repo);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  return repo;
}

/**
 * `trinity:repo:checkout`: the default branch of a repository into the
 * workspace — the infra repo or one of the initiator's teams' repositories
 * (dry runs included: they run with the portal's credentials too).
 */
export function createCheckoutAction(deps: RepoActionDeps) {
  const { forge } = deps;
  return createTemplateAction({
    id: 'trinity:repo:checkout',
    description:
      'Writes the default branch of a forge repository into the workspace.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        targetPath: zod =>
          zod
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
      await forge.checkout(
        await allowedRepo(ctx, deps, ctx.input.repo),
        target,
      );
    },
  });
}

/**
 * `trinity:repo:publish`: creates a repository from a workspace directory.
 * When the repository exists (the template runs again for the same
 * product), the new contents go to a pull request on it instead, updated
 * on every further run — only when that repository was created for the
 * same product (same System and owner in its catalog-info.yaml).
 */
export function createPublishAction(deps: RepoActionDeps) {
  const { forge } = deps;
  return createTemplateAction({
    id: 'trinity:repo:publish',
    description:
      'Creates a forge repository from the workspace, or proposes the new contents to an existing one.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        sourcePath: zod =>
          zod.string().describe('Workspace directory with the contents.'),
        description: zod => zod.string().optional(),
      },
      output: {
        repoUrl: zod => zod.string(),
        cloneUrl: zod => zod.string(),
        created: zod => zod.boolean(),
        pullRequestUrl: zod => zod.string().optional(),
      },
    },
    async handler(ctx) {
      const repo = await allowedRepo(ctx, deps, ctx.input.repo);
      const dir = inWorkspace(ctx, ctx.input.sourcePath);
      const existing = await forge.getRepo(repo);
      if (existing) await checkSameProduct(forge, repo, dir);
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
        await publishForgeRepoChanged(deps, repo);
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
 * change another tenant's files; the repository is the infra repo or one of
 * the initiator's teams'.
 */
export function createPullRequestAction(deps: RepoActionDeps) {
  const { forge } = deps;
  return createTemplateAction({
    id: 'trinity:pull-request',
    description:
      'Opens (or updates) a pull request with the changes of a workspace checkout.',
    supportsDryRun: true,
    schema: {
      input: {
        repo: repoInput,
        sourcePath: zod =>
          zod
            .string()
            .describe(
              'Workspace directory: a checkout of the repository, edited.',
            ),
        branch: zod => zod.string(),
        title: zod => zod.string(),
        description: zod => zod.string(),
        allowedPaths: zod =>
          zod
            .array(zod.string())
            .min(1)
            .describe(
              'Path prefixes the request may change (repository-relative).',
            ),
      },
      output: {
        pullRequestUrl: zod => zod.string(),
        branch: zod => zod.string(),
        files: zod => zod.array(zod.string()),
        updated: zod => zod.boolean(),
      },
    },
    async handler(ctx) {
      const repo = await allowedRepo(ctx, deps, ctx.input.repo);
      const dir = inWorkspace(ctx, ctx.input.sourcePath);
      const files = await forge.diff(repo, dir);
      const outside = files.filter(
        file =>
          !ctx.input.allowedPaths.some(
            prefix =>
              file === prefix ||
              file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
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
