import fs from 'node:fs';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { EventsService } from '@backstage/plugin-events-node';
import { Forge, publishForgeRepoChanged } from '@internal/plugin-forge-node';

/**
 * Repositories the local forge starts with (`trinity.forge.local.seed`, the
 * infra repo from `infra/`): each one missing is created from its
 * directory, and published as changed so the catalog reads it.
 */
export async function seedForge(deps: {
  forge: Forge;
  config: Config;
  logger: LoggerService;
  events: EventsService;
}) {
  const { forge, config, logger } = deps;
  for (const seed of config.getOptionalConfigArray(
    'trinity.forge.local.seed',
  ) ?? []) {
    const repo = seed.getString('repo');
    const from = path.resolve(seed.getString('from'));
    if (!(await forge.getRepo(repo)) && fs.existsSync(from)) {
      await forge.createRepo(repo, from, {
        message: `Import ${repo}`,
        author: {
          name: 'Trinity',
          email: 'trinity@users.noreply.invalid',
        },
      });
      logger.info(`forge: created ${repo} from ${from}`);
      await publishForgeRepoChanged(deps, repo);
    }
  }
}
