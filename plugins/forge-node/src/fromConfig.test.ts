import { ConfigReader } from '@backstage/config';
import { forgeFromConfig } from './fromConfig';
import { GitHubForge } from './githubForge';
import { LocalForge } from './localForge';

const base = { app: { baseUrl: 'http://localhost:3000' } };

describe('forgeFromConfig', () => {
  it('is the local forge by default', () => {
    const forge = forgeFromConfig(
      new ConfigReader({
        ...base,
        trinity: { forge: { local: { directory: '/tmp/trinity-forge-test' } } },
      }),
    );
    expect(forge).toBeInstanceOf(LocalForge);
  });

  it('is GitHub through the integration of the configured host', () => {
    const forge = forgeFromConfig(
      new ConfigReader({
        ...base,
        integrations: {
          github: [{ host: 'git.internal.invalid', token: 't' }],
        },
        trinity: {
          forge: { type: 'github', github: { host: 'git.internal.invalid' } },
        },
      }),
    );
    expect(forge).toBeInstanceOf(GitHubForge);
  });

  it('names what is missing', () => {
    expect(() =>
      forgeFromConfig(
        new ConfigReader({
          ...base,
          trinity: {
            forge: { type: 'github', github: { host: 'git.internal.invalid' } },
          },
        }),
      ),
    ).toThrow(
      'trinity.forge.github.host "git.internal.invalid" has no integrations.github entry',
    );
    expect(() =>
      forgeFromConfig(
        new ConfigReader({ ...base, trinity: { forge: { type: 'gitea' } } }),
      ),
    ).toThrow('trinity.forge.type "gitea" is not supported (local, github)');
  });
});
