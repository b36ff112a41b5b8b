import express from 'express';
import { LocalForge } from './forge/localForge';

/**
 * What the portal's Forge page reads for the local forge: repositories,
 * pull requests, and one request's diff. Mounted under the Scaffolder's API
 * (`/api/scaffolder/forge/…`); signed-in users only.
 */
export function createForgeRouter(forge: LocalForge): express.Router {
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
  return router;
}
