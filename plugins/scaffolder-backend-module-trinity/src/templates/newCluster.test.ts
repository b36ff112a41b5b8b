/*
 * new-cluster through the Scaffolder's dry run: one pull request with the
 * registry entry, the Crossplane Cluster, the Argo CD registration, the
 * reader Role's new rule, and the management cluster's store gateway and
 * compactor for the cluster's Thanos bucket, which the infra validator
 * accepts whole (the three files agree, the network is free, the
 * registration is readable, the objstore names the bucket the cluster's
 * composition makes, Thanos query's endpoint names the store's Service);
 * bad requests are refused by the backend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatProblem } from '@internal/infra-validator';
import { parse } from 'yaml';
import {
  expectRefused,
  linesLost,
  repoRoot,
  useDryRunBackend,
  validateRenderedInfra,
} from './__testUtils__/dryRun';

const base = {
  environment: 'production',
  title: 'A new cluster',
  purpose: 'Shared production workloads for every product',
  kubernetesVersion: '1.33',
  upgradeRing: 'ring-1',
  criticality: 'tier-1',
  systemNodeSize: 'medium',
  maxCpu: 256,
};

const cases = [
  { provider: 'aws', region: 'us-east-2', name: 'aws-use2-prod-01' },
  { provider: 'gcp', region: 'europe-west4', name: 'gcp-euw4-prod-01' },
  { provider: 'azure', region: 'westeurope', name: 'azure-weu-prod-01' },
];

describe('new-cluster', () => {
  const backend = useDryRunBackend();

  it.each(cases)(
    'proposes $name as one pull request the validator accepts',
    async c => {
      const result = await backend().dryRun('cluster/new-cluster.yaml', {
        ...base,
        ...c,
      });
      expect({ status: result.status, error: result.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      const { files } = result;
      const proposed = (result.body.log ?? [])
        .map((l: any) => String(l.body.message))
        .filter((m: string) => m.includes('would propose'))
        .map((m: string) => m.replace(/^.*dry run: /, ''));
      expect(proposed).toEqual([
        `would propose 8 file(s) to platform/infra on new-cluster/${c.name}`,
      ]);

      const entry = parse(files.get(`infra/registry/${c.name}.yaml`)!);
      expect(entry.spec).toMatchObject({
        provider: c.provider,
        region: c.region,
        kubernetesVersion: '1.33',
        upgradeRing: 'ring-1',
        entryPoint: `ingress.${c.name}.clusters.trinity.example`,
      });
      const claim = parse(
        files.get(`infra/crossplane/clusters/${c.name}.yaml`)!,
      );
      // The next free /16 after the three production clusters' 10.10-10.30.
      expect(claim.spec.network.cidr).toBe('10.40.0.0/16');
      expect(claim.spec.autoscaling).toEqual({
        maxCpu: 256,
        maxMemoryGb: 1024,
      });

      // The reader Role gains a rule; every original line of the file stays.
      const store = files.get('infra/argocd/clusters/registration-store.yaml')!;
      expect(store).toContain(`- ${c.name}-registration`);
      const original = fs.readFileSync(
        path.join(repoRoot, 'infra/argocd/clusters/registration-store.yaml'),
        'utf8',
      );
      expect(linesLost(original, store)).toEqual([]);

      // The cluster's bucket is read on the management cluster: a store
      // gateway and a compactor, and Thanos query's endpoint for the store.
      const bucketDir = `infra/argocd/management/observability/buckets/${c.name}`;
      const objstore = parse(
        parse(files.get(`${bucketDir}/objstore.yaml`)!).data['objstore.yml'],
      );
      expect(objstore).toMatchObject(
        {
          aws: {
            type: 'S3',
            config: {
              bucket: `${c.name}-thanos`,
              endpoint: `s3.${c.region}.amazonaws.com`,
              region: c.region,
            },
          },
          gcp: { type: 'GCS', config: { bucket: `${c.name}-thanos` } },
          azure: {
            type: 'AZURE',
            config: {
              storage_account: 'azureweuprod01thanos',
              container: 'thanos',
            },
          },
        }[c.provider]!,
      );
      expect(
        parse(files.get(`${bucketDir}/kustomization.yaml`)!),
      ).toMatchObject({
        nameSuffix: `-${c.name}`,
        resources: ['../../thanos-bucket', 'objstore.yaml'],
      });
      const observability = 'infra/argocd/management/observability';
      const kustomization = files.get(`${observability}/kustomization.yaml`)!;
      expect(parse(kustomization).resources).toContain(`buckets/${c.name}`);
      const endpoints = files.get(
        `${observability}/thanos-query-endpoints.yaml`,
      )!;
      expect(parse(endpoints).endpoints).toContainEqual({
        address: `thanos-store-${c.name}.observability.svc:10901`,
      });
      for (const [file, text] of [
        ['kustomization.yaml', kustomization],
        ['thanos-query-endpoints.yaml', endpoints],
      ]) {
        const before = fs.readFileSync(
          path.join(repoRoot, 'infra/argocd/management/observability', file),
          'utf8',
        );
        expect(linesLost(before, text)).toEqual([]);
      }

      const report = validateRenderedInfra(files);
      expect(report.problems.map(formatProblem)).toEqual([]);
    },
    60_000,
  );

  it.each([
    [{ name: 'aws-use1-prod-01' }, 'is already in the cluster registry'],
    [{ name: 'gcp-use2-prod-01' }, 'must look like aws-'],
    [{ environment: 'staging' }, 'must look like aws-<region code>-stg-'],
    [{ kubernetesVersion: '1.20' }, 'must be between 1.32'],
    [{ kubernetesVersion: '1.40' }, 'must be between 1.32'],
    [{ upgradeRing: 'ring-3' }, 'upgradeRing'],
    [{ region: 'US East' }, 'region'],
  ])(
    'refuses %j sent directly to the backend',
    async (change, reason) => {
      expectRefused(
        await backend().dryRun('cluster/new-cluster.yaml', {
          ...base,
          ...cases[0],
          ...change,
        }),
        reason,
        'infra/registry/aws-use2',
      );
    },
    60_000,
  );
});
