import fs from 'node:fs';
import path from 'node:path';
import { checkDockerfile, isIgnored, readRepoFacts } from './dockerfile';

const repoRoot = path.resolve(__dirname, '../../../..');
const dockerfile = fs.readFileSync(
  path.join(repoRoot, 'packages/backend/Dockerfile'),
  'utf8',
);

describe('the portal image build (packages/backend/Dockerfile)', () => {
  it('reads the facts it must agree with from the repository', () => {
    expect(readRepoFacts(repoRoot)).toEqual({
      nodeMajor: 22,
      yarnVersion: expect.stringMatching(/^4\.\d+\.\d+$/),
      listenPort: 7007,
      registry: 'registry.trinity.example',
    });
  });

  it('has every input a Docker build needs, pinned and agreeing with the repository', () => {
    expect(checkDockerfile({ repoRoot, dockerfile })).toEqual([]);
  });

  it('names each kind of problem in a broken Dockerfile, with its line', () => {
    const broken = [
      'FROM node:22-bookworm-slim AS build', // 2 problems
      'RUN npm install -g @yarnpkg/cli-dist@3.6.0',
      'COPY packages/does-not-exist ./x',
      'COPY node_modules ./node_modules',
      'FROM registry.trinity.example/library/node:20.19.0-bookworm-slim',
      'COPY --from=builder /app/dist ./dist',
      'COPY app-config.yaml ./',
      'EXPOSE 8080',
      'CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]',
    ].join('\n');
    expect(checkDockerfile({ repoRoot, dockerfile: broken })).toEqual([
      'line 1: base image node:22-bookworm-slim is not from registry.trinity.example',
      'line 1: base image node:22-bookworm-slim is not pinned to a full version',
      expect.stringMatching(
        /^line 2: Yarn 3\.6\.0 is installed; package.json's packageManager pins 4\./,
      ),
      'line 3: packages/does-not-exist does not exist in the build context',
      'line 4: node_modules is left out of the build context by .dockerignore',
      'line 5: base image registry.trinity.example/library/node:20.19.0-bookworm-slim is Node 20; the repository is tested with Node 22 (scripts/toolchain.sh)',
      'line 6: --from=builder names no earlier stage',
      'line 8: EXPOSE 8080, but the production config listens on 7007 (backend.listen)',
      'line 9: the final stage runs as root: it needs a USER that is not root',
      'line 9: CMD reads app-config.production.yaml, which the final stage does not copy',
    ]);
  });

  it('matches .dockerignore patterns as Docker does: directories, globs, negation', () => {
    const patterns = [
      '**/node_modules',
      '**/dist',
      'docs/*.tmp',
      '!docs/keep.tmp',
    ];
    expect(isIgnored(patterns, 'node_modules')).toBe(true);
    expect(isIgnored(patterns, 'packages/app/node_modules/x/index.js')).toBe(
      true,
    );
    expect(isIgnored(patterns, 'packages/backend/dist/bundle.tar.gz')).toBe(
      true,
    );
    expect(isIgnored(patterns, 'packages/backend/src/index.ts')).toBe(false);
    expect(isIgnored(patterns, 'docs/a.tmp')).toBe(true);
    expect(isIgnored(patterns, 'docs/keep.tmp')).toBe(false);
    expect(isIgnored(patterns, 'plugins')).toBe(false);
  });
});
