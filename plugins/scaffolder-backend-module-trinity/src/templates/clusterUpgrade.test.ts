/*
 * cluster-upgrade through the Scaffolder's dry run: a ring goes one minor
 * version at a time and only after the rings before it; the pull request
 * changes only the ring's Crossplane clusters, keeps their comments, and
 * passes the infra validator.
 */
import { formatProblem } from '@internal/infra-validator';
import {
  expectRefused,
  useDryRunBackend,
  validateRenderedInfra,
} from './__testUtils__/dryRun';

describe('cluster-upgrade', () => {
  const backend = useDryRunBackend();

  it('bumps ring-0 to the next minor version in a pull request the validator accepts', async () => {
    const { status, body, files } = await backend().dryRun(
      'cluster/cluster-upgrade.yaml',
      {
        ring: 'ring-0',
        version: '1.34',
      },
    );
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

    const report = validateRenderedInfra(files);
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
      expectRefused(
        await backend().dryRun('cluster/cluster-upgrade.yaml', values),
        reason,
        'infra/',
      );
    },
    60_000,
  );
});
