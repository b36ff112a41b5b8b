import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ClusterRegistrations } from './clusterRegistrations';

describe('ClusterRegistrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registrations-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const registrations = (now: () => number, clusters = {}) =>
    ClusterRegistrations.fromConfig(
      new ConfigReader({
        trinity: {
          clusters,
          clusterRegistry: { registrationsDir: dir },
        },
      }),
      { now },
    );

  it('finds a cluster added as a file without a restart, once its read is 10 s old', () => {
    let now = 0;
    const found = registrations(() => now);
    expect(found.of('aws-use1-prod-30')).toBeUndefined();
    // As a Secret volume mounts a key: a bare name, YAML inside.
    fs.writeFileSync(
      path.join(dir, 'aws-use1-prod-30'),
      'kubernetes:\n  url: https://k8s.aws-30.example\nargocd:\n  url: https://cd.aws-30.example\n  readToken: t30\n',
    );
    now = 9_999;
    expect(found.of('aws-use1-prod-30')).toBeUndefined();
    now = 10_000;
    expect(found.of('aws-use1-prod-30')?.getString('kubernetes.url')).toBe(
      'https://k8s.aws-30.example',
    );
    expect(found.of('aws-use1-prod-30')?.getString('argocd.readToken')).toBe(
      't30',
    );
    expect(found.names()).toEqual(['aws-use1-prod-30']);
  });

  it("prefers app-config's entry, and skips the volume's own links, bad names and unreadable files", () => {
    fs.writeFileSync(
      path.join(dir, 'gcp-euw1-prod-01.yaml'),
      'prometheus: { url: https://file.example }\n',
    );
    fs.writeFileSync(path.join(dir, '..data'), 'x: 1\n');
    fs.writeFileSync(path.join(dir, 'Not_A_Cluster.yaml'), 'x: 1\n');
    fs.writeFileSync(path.join(dir, 'azure-eastus-prod-01.yaml'), '{ broken');
    const found = registrations(() => 0, {
      'gcp-euw1-prod-01': { prometheus: { url: 'https://config.example' } },
    });
    expect(found.of('gcp-euw1-prod-01')?.getString('prometheus.url')).toBe(
      'https://config.example',
    );
    expect(found.names()).toEqual(['gcp-euw1-prod-01']);
    expect(found.of('azure-eastus-prod-01')).toBeUndefined();
  });

  it('has no files without a directory, or with one not mounted yet', () => {
    const none = ClusterRegistrations.fromConfig(new ConfigReader({}));
    expect(none.names()).toEqual([]);
    fs.rmSync(dir, { recursive: true });
    expect(registrations(() => 0).names()).toEqual([]);
  });
});
