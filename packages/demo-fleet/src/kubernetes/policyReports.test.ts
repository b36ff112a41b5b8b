/*
 * The demo fleet's Kyverno reports come from the platform's real policies
 * (infra/kyverno/policies) evaluated against its own workloads: a compliant
 * workload passes every one that applies, the violations scenario's debug
 * tools really break three, and a granted exception is reported as a skip.
 */
import { clusters, services } from '../fleet';
import { healthy } from '../scenario';
import { platformPolicies } from './kyverno';
import { clusterObjects } from './objects';

const now = new Date('2026-12-04T12:00:00Z');
const [aws] = clusters;
type Report = {
  scope: { kind: string; name: string };
  results: Array<Record<string, any>>;
};
const reportsOf = (violations: boolean) =>
  clusterObjects('test', aws, services, { ...healthy, violations }, now).filter(
    o => o.kind === 'PolicyReport',
  ) as unknown as Report[];
const resultsFor = (reports: Report[], kind: string, name: string) =>
  reports.find(r => r.scope.kind === kind && r.scope.name === name)!.results;

describe('Kyverno reports of the demo fleet', () => {
  it('name only policies the infra repo has, with their severity and category', () => {
    const known = new Map(platformPolicies().map(p => [p.metadata.name, p]));
    expect(known.size).toBeGreaterThanOrEqual(9);
    for (const report of reportsOf(true)) {
      for (const result of report.results) {
        const policy = known.get(result.policy)!;
        expect(policy).toBeDefined();
        expect(result).toMatchObject({
          source: 'KyvernoValidatingPolicy',
          severity:
            policy.metadata.annotations!['policies.kyverno.io/severity'],
          category:
            policy.metadata.annotations!['policies.kyverno.io/category'],
        });
        expect(result).not.toHaveProperty('rule');
      }
    }
  });

  it('pass every policy that applies to a compliant workload', () => {
    const results = resultsFor(
      reportsOf(false),
      'Deployment',
      'storefront-api',
    );
    expect(results.map(r => `${r.policy} ${r.result}`).sort()).toEqual([
      'trinity-disallow-host-access pass',
      'trinity-disallow-privileged pass',
      'trinity-require-pdb pass',
      'trinity-require-platform-images pass',
      'trinity-require-probes pass',
      'trinity-require-requests-limits pass',
      'trinity-require-team-product-labels pass',
      'trinity-require-zone-spread pass',
    ]);
    expect(results.every(r => r.message === 'success')).toBe(true);
  });

  it('report the debug tools of the violations scenario as the policies word it', () => {
    const pod = reportsOf(true).find(
      r => r.scope.kind === 'Pod' && r.scope.name.startsWith('storefront-api-'),
    )!;
    const failing = pod.results.filter(r => r.result === 'fail');
    expect(failing.map(r => r.policy).sort()).toEqual([
      'trinity-disallow-privileged',
      'trinity-require-platform-images',
      'trinity-require-requests-limits',
    ]);
    expect(
      failing.find(r => r.policy === 'trinity-require-platform-images'),
    ).toMatchObject({
      severity: 'high',
      category: 'Supply Chain',
      message:
        'images must come from registry.trinity.example/, where they are scanned and signed: debug-tools (docker.io/library/busybox:latest)',
    });
  });

  it('report a granted exception as a skip naming it', () => {
    const results = resultsFor(
      reportsOf(false),
      'Deployment',
      'storefront-web',
    );
    expect(
      results.find(r => r.policy === 'trinity-require-zone-spread'),
    ).toMatchObject({
      result: 'skip',
      properties: { exceptions: 'storefront-web-zone-spread' },
    });
  });
});
