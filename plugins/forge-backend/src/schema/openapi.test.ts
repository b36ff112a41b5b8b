import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('the generated OpenAPI router, models and client', () => {
  it('are up to date with src/schema/openapi.yaml', () => {
    const root = path.resolve(__dirname, '../../../..');
    expect(() =>
      execFileSync(
        process.execPath,
        [
          path.join(root, 'scripts/openapi-generate.mjs'),
          path.resolve(__dirname, '../..'),
          '--check',
        ],
        { stdio: 'pipe' },
      ),
    ).not.toThrow();
  });
});
