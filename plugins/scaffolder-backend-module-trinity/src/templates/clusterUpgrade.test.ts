/*
 * cluster-upgrade through the Scaffolder's dry run: a ring goes one minor
 * version at a time and only after the rings before it; the pull request
 * changes only the ring's Crossplane clusters, keeps their comments, and
 * passes the infra validator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatProblem, validateInfra } from '@internal/infra-validator';
import { repoRoot, startDryRunBackend } from './__testUtils__/dryRun';

describe('cluster-upgrade', () => {
  const forgeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-forge-'));
  let backend: Awaited<ReturnType<typeof startDryRunBackend>>;

  beforeAll(async () => {
    backend = await startDryRunBackend(forgeDir);
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(forgeDir, { recursive: true, force: true });
  });

  it('bumps ring-0 to the next minor version in a pull request the validator accepts', async () => {
    const { status, body, files } = await backend.dryRun('cluster-upgrade', {
      ring: 'ring-0',
      version: '1.34',
    });
    expect({ status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const log = body.log.map((l: any) => String(l.body.message)).join('\n');
    expect(log).toContain(
      'would propose 1 file(s) to platform/infra on cluster-upgrade/ring-0-1.34',
    );
    const gcp = files.get('infra/crossplane/clusters/gcp-euw1-prod-01.yaml')!;
    expect(gcp).toMatch(/kubernetesVersion: ['"]?1\.34['"]?/);
    expect(gcp.startsWith('#')).toBe(true);
    expect(
      files.get('infra/crossplane/clusters/aws-use1-prod-01.yaml'),
    ).toMatch(/kubernetesVersion: '1\.33'/);

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-infra-'));
    for (const [f, text] of files) {
      if (!f.startsWith('infra/')) continue;
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), text);
    }
    fs.mkdirSync(path.join(root, 'catalog'));
    fs.copyFileSync(
      path.join(repoRoot, 'catalog/platform.yaml'),
      path.join(root, 'catalog/platform.yaml'),
    );
    const report = validateInfra({ repoRoot: root });
    fs.rmSync(root, { recursive: true, force: true });
    expect(report.problems.map(formatProblem)).toEqual([]);
  }, 60_000);

  it.each([
    [
      { ring: 'ring-1', version: '1.34' },
      'earlier rings first: gcp-euw1-prod-01 (ring-0, 1.33)',
    ],
    [
      { ring: 'ring-0', version: '1.35' },
      'gcp-euw1-prod-01 runs 1.33: it can only go to 1.34',
    ],
    [
      { ring: 'ring-2', version: '1.32' },
      'azure-eastus-prod-01 runs 1.32: it can only go to 1.33',
    ],
  ])(
    'refuses %j',
    async (values, reason) => {
      const { status, body, files } = await backend.dryRun(
        'cluster-upgrade',
        values,
      );
      const text = JSON.stringify(body);
      expect({
        refused: status >= 400 || text.includes('failed'),
        text,
      }).toEqual({
        refused: true,
        text: expect.stringContaining(reason),
      });
      expect([...files.keys()].filter(f => f.startsWith('infra/'))).toEqual([]);
    },
    60_000,
  );
});
