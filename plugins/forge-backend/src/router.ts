import express from 'express';
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  forgeInfraMergePermission,
  forgePullRequestMergePermission,
} from '@internal/plugin-forge-common';
import {
  LocalForge,
  parseRepoRef,
  publishForgeRepoChanged,
  PullRequest,
  RepoInfo,
} from '@internal/plugin-forge-node';
import { annotations } from '@internal/plugin-platform-common';
import { createOpenApiRouter } from './schema/openapi/generated/router';

/** The catalog annotation naming the repository an entity came from. */
const SOURCE_REPO_ANNOTATION = annotations.sourceRepo;

/**
 * What the portal's Forge page reads of the local forge — repositories,
 * pull requests, one request's diff — and its one write, merging a pull
 * request. The forge backend's API (`/api/forge/…`).
 *
 * - Reading a product's repository needs catalog read on the product (its
 *   System, found by `trinity.io/source-repo`) with the user's own
 *   credentials; the infra repo is the platform's and readable by every
 *   signed-in user; a repository of no product is for platform admins.
 * - Merging needs `forge.pullrequest.merge` on the product (its owners) or,
 *   for the infra repo and repositories of no product,
 *   `forge.infra.merge` (platform admins) — and never by one of the
 *   request's own authors: the infra repo's promise is review. Every merge
 *   attempt is audited, and a merge is published as a repo-changed event
 *   (the catalog reads the repository at once).
 */
export async function createForgeRouter(options: {
  forge: LocalForge;
  infraRepo: string;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  events: EventsService;
  logger: LoggerService;
}): Promise<express.Router> {
  const { forge, infraRepo, httpAuth, permissions, catalog, auditor } = options;
  const router = await createOpenApiRouter();

  /** The System each repository holds, as the user may read it. */
  async function productsReadableBy(credentials: BackstageCredentials) {
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${SOURCE_REPO_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          `metadata.annotations.${SOURCE_REPO_ANNOTATION}`,
        ],
      },
      { credentials },
    );
    return new Map(
      items.map(entity => [
        entity.metadata.annotations![SOURCE_REPO_ANNOTATION],
        stringifyEntityRef(entity),
      ]),
    );
  }

  async function allowed(
    credentials: BackstageCredentials,
    request:
      | { permission: typeof forgeInfraMergePermission }
      | {
          permission: typeof forgePullRequestMergePermission;
          resourceRef: string;
        },
  ) {
    const [decision] = await permissions.authorize([request], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Which repositories the user may read: a predicate over `owner/name`. */
  async function readableRepos(credentials: BackstageCredentials) {
    const products = await productsReadableBy(credentials);
    const admin = await allowed(credentials, {
      permission: forgeInfraMergePermission,
    });
    return (repo: string) => repo === infraRepo || products.has(repo) || admin;
  }

  async function readableRepo(
    req: express.Request,
    repo: string,
  ): Promise<RepoInfo> {
    try {
      parseRepoRef(repo);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const canRead = await readableRepos(credentials);
    // Not found rather than not allowed: a name is not confirmed to exist.
    const info = canRead(repo) ? await forge.getRepo(repo) : undefined;
    if (!info) throw new NotFoundError(`no repository ${repo}`);
    return info;
  }

  /** A pull request of a repository the user may read; 404 for any other. */
  async function pullRequestReadableBy(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<PullRequest> {
    const number = Number(id);
    const pr = Number.isInteger(number)
      ? (await forge.listPullRequests()).find(pull => pull.id === number)
      : undefined;
    if (!pr || !(await readableRepos(credentials))(pr.repo)) {
      throw new NotFoundError(`no pull request ${id}`);
    }
    return pr;
  }

  router.get('/repos', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const canRead = await readableRepos(credentials);
    res.json({
      items: (await forge.listRepos()).filter(repo => canRead(repo.repo)),
    });
  });

  router.get('/repos/:owner/:name', async (req, res) => {
    const repo = `${req.params.owner}/${req.params.name}`;
    res.json({
      ...(await readableRepo(req, repo)),
      files: await forge.listFiles(repo),
      pullRequests: await forge.listPullRequests(repo),
    });
  });

  router.get('/repos/:owner/:name/file', async (req, res) => {
    const repo = `${req.params.owner}/${req.params.name}`;
    const info = await readableRepo(req, repo);
    const file = String(req.query.path).replace(/^\/+/, '');
    if (file.split('/').includes('..'))
      throw new InputError('a file path has no ".." in it');
    const content = await forge.readFile(repo, file);
    if (content === undefined)
      throw new NotFoundError(
        `${file} is not on ${info.defaultBranch} of ${repo}`,
      );
    res.json({ repo, path: file, branch: info.defaultBranch, content });
  });

  router.get('/pulls', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const canRead = await readableRepos(credentials);
    const repo =
      typeof req.query.repo === 'string' ? req.query.repo : undefined;
    res.json({
      items: (await forge.listPullRequests(repo)).filter(pr =>
        canRead(pr.repo),
      ),
    });
  });

  router.get('/pulls/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const pr = await pullRequestReadableBy(credentials, req.params.id);
    res.json({ ...pr, diff: await forge.pullRequestDiff(pr.id) });
  });

  router.post('/pulls/:id/merge', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const user = credentials.principal.userEntityRef;
    // Every attempt is on the record, an unknown or unreadable one too.
    const event = await auditor.createEvent({
      eventId: 'forge-merge',
      severityLevel: 'high',
      request: req,
      meta: { pullRequest: Number(req.params.id) || req.params.id },
    });
    // What the attempt was about, once known: on the record either way.
    let details: { [key: string]: string | string[] | null } = {};
    try {
      // Not found, like the read routes: a merge does not confirm that a
      // repository the user cannot read exists.
      const pr = await pullRequestReadableBy(credentials, req.params.id);
      const product = (await productsReadableBy(credentials)).get(pr.repo);
      details = {
        repo: pr.repo,
        title: pr.title,
        authors: pr.authorRefs ?? [pr.author],
        product: product ?? null,
      };
      const reviewed = pr.repo === infraRepo || !product;
      const permitted = reviewed
        ? await allowed(credentials, { permission: forgeInfraMergePermission })
        : await allowed(credentials, {
            permission: forgePullRequestMergePermission,
            resourceRef: product!,
          });
      if (!permitted) {
        throw new NotAllowedError(
          reviewed
            ? `only platform admins merge pull requests to ${pr.repo}`
            : `only members of ${product}'s owner group and platform admins merge pull requests to ${pr.repo}`,
        );
      }
      if (reviewed && (pr.authorRefs ?? []).includes(user)) {
        throw new NotAllowedError(
          `you wrote pull request ${pr.id}: another platform admin reviews and merges it`,
        );
      }
      const name = user.split('/').pop() ?? 'trinity';
      let merged: PullRequest;
      try {
        merged = await forge.mergePullRequest(pr.id, {
          name,
          email: `${name}@users.noreply.invalid`,
          ref: user,
        });
      } catch (error) {
        throw new ConflictError((error as Error).message);
      }
      await publishForgeRepoChanged(options, merged.repo);
      await event.success({ meta: { ...details, state: merged.state } });
      res.json(merged);
    } catch (error) {
      await event.fail({ error: error as Error, meta: details });
      throw error;
    }
  });
  return router;
}
