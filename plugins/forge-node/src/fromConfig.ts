import path from 'node:path';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { GitHubForge } from './githubForge';
import { LocalForge } from './localForge';
import { Forge } from './types';

/** The forge app-config names (`trinity.forge.type`); local is the embedded default. */
export function forgeFromConfig(config: Config): Forge {
  const type = config.getOptionalString('trinity.forge.type') ?? 'local';
  if (type === 'local') return localForgeFromConfig(config);
  if (type === 'github') return githubForgeFromConfig(config);
  throw new Error(
    `trinity.forge.type "${type}" is not supported (local, github)`,
  );
}

export function localForgeFromConfig(config: Config): LocalForge {
  return new LocalForge({
    directory: path.resolve(
      config.getOptionalString('trinity.forge.local.directory') ??
        path.join(
          process.env.TRINITY_DATA_DIR ?? '../../.trinity-data',
          'forge',
        ),
    ),
    cloneBaseUrl:
      config.getOptionalString('trinity.forge.cloneBaseUrl') ??
      'https://git.trinity.example',
    appBaseUrl: config.getString('app.baseUrl'),
  });
}

/**
 * GitHub through Backstage's integration for `trinity.forge.github.host`:
 * its API base URL, and tokens from its credentials provider (a GitHub App
 * installation token for the repository's organisation, or the configured
 * token).
 */
function githubForgeFromConfig(config: Config): GitHubForge {
  const host = config.getString('trinity.forge.github.host');
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new Error(
      `trinity.forge.github.host "${host}" has no integrations.github entry`,
    );
  }
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return new GitHubForge({
    apiBaseUrl: integration.config.apiBaseUrl ?? `https://${host}/api/v3`,
    webBaseUrl: `https://${host}`,
    token: async url => {
      const { token } = await credentials.getCredentials({ url });
      if (!token) throw new Error(`no GitHub credentials for ${url}`);
      return token;
    },
  });
}

export const infraRepoFromConfig = (config: Config) =>
  config.getOptionalString('trinity.forge.infraRepo') ?? 'platform/infra';
