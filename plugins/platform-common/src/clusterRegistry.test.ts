import { validateClusterSpec } from './clusterRegistry';

const valid = {
  type: 'kubernetes-cluster',
  owner: 'group:default/platform-runtime',
  provider: 'aws',
  service: 'eks',
  region: 'us-east-1',
  environment: 'production',
  purpose: 'Shared production workloads',
  criticality: 'tier-1',
  kubernetesVersion: '1.33',
  upgradeRing: 'ring-1',
  networkMode: 'vpc-cni',
  identityMode: 'pod-identity',
  entryPoint: 'ingress.aws-use1-prod-01.clusters.example',
  profiles: { observability: 'standard', policy: 'enforce', backup: 'daily' },
};

describe('validateClusterSpec', () => {
  it('accepts a complete registry entry', () => {
    expect(validateClusterSpec(valid)).toEqual({ ok: true, spec: valid });
  });

  it.each([
    [
      'a missing provider',
      { provider: undefined },
      'spec.provider',
      'is required',
    ],
    [
      'an unknown provider',
      { provider: 'alibaba' },
      'spec.provider',
      'must be one of aws, gcp, azure (got "alibaba")',
    ],
    [
      'a service that does not match the provider',
      { service: 'gke' },
      'spec.service',
      'must be eks for provider aws',
    ],
    [
      'a version that is not a minor version',
      { kubernetesVersion: 'latest' },
      'spec.kubernetesVersion',
      'must be a Kubernetes minor version like 1.33',
    ],
    [
      'an unknown upgrade ring',
      { upgradeRing: 'ring-9' },
      'spec.upgradeRing',
      'must be one of ring-0, ring-1, ring-2 (got "ring-9")',
    ],
    [
      'an entry point that is not a DNS name',
      { entryPoint: 'http://x' },
      'spec.entryPoint',
      'must be the DNS name of the cluster ingress',
    ],
    [
      'a missing backup profile',
      { profiles: { observability: 'standard', policy: 'enforce' } },
      'spec.profiles.backup',
      'is required',
    ],
  ])('names the field for %s', (_title, change, field, message) => {
    expect(validateClusterSpec({ ...valid, ...change })).toEqual({
      ok: false,
      problems: [{ field, message }],
    });
  });

  it('reports every problem at once', () => {
    const result = validateClusterSpec({ type: 'kubernetes-cluster' });
    expect(result.ok).toBe(false);
    const fields = !result.ok ? result.problems.map(p => p.field) : [];
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.owner',
        'spec.provider',
        'spec.region',
        'spec.profiles',
      ]),
    );
  });
});
