import path from 'node:path';
import { Config } from '@backstage/config';
import { LocalForge } from './localForge';

/** The forge app-config names (`trinity.forge`); local is the embedded default. */
export function forgeFromConfig(config: Config): LocalForge {
  const type = config.getOptionalString('trinity.forge.type') ?? 'local';
  if (type !== 'local') {
    throw new Error(`trinity.forge.type "${type}" is not supported (local)`);
  }
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

export const infraRepoFromConfig = (config: Config) =>
  config.getOptionalString('trinity.forge.infraRepo') ?? 'platform/infra';
