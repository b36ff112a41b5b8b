import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkConfig, configFilesFromArgs } from './checkConfig';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('checkConfig', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts the embedded default as committed', () => {
    expect(checkConfig([path.join(repoRoot, 'app-config.yaml')], {})).toEqual(
      [],
    );
  });

  it('accepts the production config when its environment is set', () => {
    const env: Record<string, string> = {
      TRINITY_BASE_URL: 'https://portal.internal.invalid',
      POSTGRES_HOST: 'db',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'trinity',
      POSTGRES_PASSWORD: 'x',
      REDIS_URL: 'redis://cache:6379',
      AUTH_GITHUB_CLIENT_ID: 'id',
      AUTH_GITHUB_CLIENT_SECRET: 'secret',
      GITHUB_HOST: 'git.internal.invalid',
      GITHUB_TOKEN: 't',
      TRINITY_INFRA_REPO: 'platform/infra',
      TRINITY_IMAGE_REGISTRY: 'registry.internal.invalid',
      TRINITY_GITHUB_ORG: 'trinity',
      TRINITY_ROUTE53_ZONE_ID: 'Z0000000000000000000',
    };
    for (const cluster of ['AWS_USE1', 'GCP_EUW1', 'AZURE_EASTUS']) {
      for (const what of [
        'API',
        'CA',
        'ARGOCD',
        'ARGOCD_READ_TOKEN',
        'ARGOCD_WRITE_TOKEN',
        'PROMETHEUS',
      ]) {
        env[`CLUSTER_${cluster}_PROD_01_${what}`] = 'https://x.invalid';
      }
    }
    const files = ['app-config.yaml', 'app-config.production.yaml'].map(f =>
      path.join(repoRoot, f),
    );
    expect(checkConfig(files, env)).toEqual([]);
  });

  it('names the file, line and column of malformed YAML', () => {
    const file = write(
      'broken.yaml',
      'app:\n  title: [unclosed\nbackend: {}\n',
    );
    const problems = checkConfig([file], {});
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('broken.yaml');
    expect(problems[0].message).toMatch(
      /^malformed YAML at line \d+, column \d+: /,
    );
  });

  it('names a key that is written twice in one file', () => {
    const file = write('twice.yaml', 'trinity:\n  a: 1\ntrinity:\n  b: 2\n');
    const [problem] = checkConfig([file], {});
    expect(problem.file).toBe('twice.yaml');
    expect(problem.message).toMatch(
      /malformed YAML at line 3, column 1: Map keys must be unique/,
    );
  });

  it('names a required key that no file sets, and the files it read', () => {
    const base = fs
      .readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8')
      // The backend's, not the app's (both are :7007, one port).
      .replace(/^(backend:\n) {2}baseUrl: http:\/\/localhost:7007\n/m, '$1');
    const file = write('no-backend-url.yaml', base);
    expect(checkConfig([file], {})).toEqual([
      {
        key: 'backend.baseUrl',
        message:
          'required key backend.baseUrl is missing (where the backend is reached); read no-backend-url.yaml',
      },
    ]);
  });

  it('names the key and variable of an unset environment reference', () => {
    const file = write(
      'env.yaml',
      'backend:\n  database:\n    connection:\n      password: ${DB_PASSWORD}\n      host: ${DB_HOST:-localhost}\n      note: $${NOT_A_VAR}\n',
    );
    const problems = checkConfig([file], {}).filter(p => p.file);
    expect(problems).toEqual([
      {
        file: 'env.yaml',
        key: 'backend.database.connection.password',
        message:
          'backend.database.connection.password needs the environment variable DB_PASSWORD, which is not set',
      },
    ]);
  });

  it('names array positions in keys', () => {
    const file = write(
      'arr.yaml',
      'integrations:\n  github:\n    - token: ${GH}\n',
    );
    expect(checkConfig([file], {})[0].key).toBe('integrations.github[0].token');
  });

  it('reports a config file that does not exist', () => {
    const problems = checkConfig([path.join(dir, 'nope.yaml')], {});
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'nope.yaml',
        message: expect.stringContaining('config file not found'),
      }),
    ]);
  });
});

describe('configFilesFromArgs', () => {
  it('uses every --config in order', () => {
    expect(
      configFilesFromArgs(
        ['--config', '/a.yaml', '--config=/b.yaml', '--other'],
        '/repo',
      ),
    ).toEqual(['/a.yaml', '/b.yaml']);
  });

  it('defaults to app-config.yaml in the repository root', () => {
    expect(configFilesFromArgs([], repoRoot)[0]).toBe(
      path.join(repoRoot, 'app-config.yaml'),
    );
  });
});
