import express from 'express';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { forgeChanges } from './forge/events';
import { LocalForge } from './forge/localForge';

/**
 * What the portal's Forge page reads for the local forge: repositories,
 * pull requests, and one request's diff. Mounted under the Scaffolder's API
 * (`/api/scaffolder/forge/…`); signed-in users only. And the local forge's
 * one write: merging a pull request.
 */
export function createForgeRouter(
  forge: LocalForge,
  httpAuth: HttpAuthService,
): express.Router {
  const router = express.Router();
  router.get('/forge/repos', async (_req, res) => {
    res.json({ items: await forge.listRepos() });
  });
  router.get('/forge/repos/:owner/:name', async (req, res) => {
    const repo = `${req.params.owner}/${req.params.name}`;
    let info;
    try {
      info = await forge.getRepo(repo);
    } catch (e) {
      res
        .status(400)
        .json({ error: { name: 'InputError', message: (e as Error).message } });
      return;
    }
    if (!info) {
      res.status(404).json({
        error: { name: 'NotFoundError', message: `no repository ${repo}` },
      });
      return;
    }
    res.json({
      ...info,
      files: await forge.listFiles(repo),
      pullRequests: await forge.listPullRequests(repo),
    });
  });
  router.get('/forge/pulls', async (req, res) => {
    const repo =
      typeof req.query.repo === 'string' ? req.query.repo : undefined;
    res.json({ items: await forge.listPullRequests(repo) });
  });
  router.get('/forge/pulls/:id', async (req, res) => {
    const id = Number(req.params.id);
    const pr = (await forge.listPullRequests()).find(p => p.id === id);
    if (!pr) {
      res.status(404).json({
        error: {
          name: 'NotFoundError',
          message: `no pull request ${req.params.id}`,
        },
      });
      return;
    }
    res.json({ ...pr, diff: await forge.pullRequestDiff(id) });
  });
  // Merging is the reviewer's step on a hosted forge; on the local one any
  // signed-in user may do it, by the Forge page's Merge button.
  router.post('/forge/pulls/:id/merge', async (req, res) => {
    const user = await httpAuth
      .credentials(req, { allow: ['user'] })
      .then(c => c.principal.userEntityRef)
      .catch(() => undefined);
    if (!user) {
      res.status(401).json({
        error: { name: 'AuthenticationError', message: 'sign in to merge' },
      });
      return;
    }
    const name = user.split('/').pop() ?? 'trinity';
    try {
      const pr = await forge.mergePullRequest(Number(req.params.id), {
        name,
        email: `${name}@users.noreply.invalid`,
      });
      forgeChanges.emit('changed', pr.repo);
      res.json(pr);
    } catch (e) {
      const message = (e as Error).message;
      res.status(message.startsWith('no pull request') ? 404 : 409).json({
        error: { name: 'ConflictError', message },
      });
    }
  });
  return router;
}
