/** Builds Kyverno's policy reports: one per service, and a cluster-wide one for namespaces. */
import { DemoCluster, DemoService } from '../fleet';
import { Scenario } from '../scenario';
import { iso, KubeObject, labels, uid } from './kubeObject';

/** Kyverno's report for a service's pods: all pass, or failures under the violations scenario. */
export function policyReportFor(
  cluster: DemoCluster,
  service: DemoService,
  pods: KubeObject[],
  scenario: Scenario,
  now: Date,
): KubeObject {
  const ts = { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
  const subject = (pod: KubeObject) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: service.namespace,
    uid: pod.metadata.uid,
  });
  const results = pods.flatMap((pod, index) => {
    const fail = scenario.violations && index === 0;
    return [
      {
        policy: 'require-requests-limits',
        rule: 'validate-resources',
        result: 'pass',
        severity: 'medium',
        category: 'Best Practices',
        scored: true,
        source: 'kyverno',
        message: 'validation rule passed',
        resources: [subject(pod)],
        timestamp: ts,
      },
      {
        policy: 'disallow-latest-tag',
        rule: 'require-image-tag',
        result: fail ? 'fail' : 'pass',
        severity: 'high',
        category: 'Best Practices',
        scored: true,
        source: 'kyverno',
        message: fail
          ? `validation error: an image tag other than latest is required. rule require-image-tag failed at path /spec/containers/0/image/`
          : 'validation rule passed',
        resources: [subject(pod)],
        timestamp: ts,
      },
      ...(scenario.violations
        ? [
            {
              policy: 'restrict-image-registries',
              rule: 'approved-registries',
              result: index === 0 ? 'fail' : 'warn',
              severity: 'high',
              category: 'Supply Chain',
              scored: true,
              source: 'kyverno',
              message:
                'validation error: images must come from approved registries',
              resources: [subject(pod)],
              timestamp: ts,
            },
          ]
        : []),
    ];
  });
  const count = (result: string) =>
    results.filter(entry => entry.result === result).length;
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: {
      name: `polr-${service.name}`,
      namespace: service.namespace,
      uid: uid(cluster.name, 'polr', service.name),
      labels: { 'app.kubernetes.io/managed-by': 'kyverno', ...labels(service) },
      creationTimestamp: iso(now),
    },
    scope: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: service.name,
      namespace: service.namespace,
    },
    summary: {
      pass: count('pass'),
      fail: count('fail'),
      warn: count('warn'),
      error: 0,
      skip: 0,
    },
    results,
  };
}

/** Kyverno's cluster-wide report on the product namespaces: all pass. */
export function clusterPolicyReportFor(
  cluster: DemoCluster,
  namespaces: string[],
  now: Date,
): KubeObject {
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'ClusterPolicyReport',
    metadata: {
      name: 'cpol-require-team-label',
      uid: uid(cluster.name, 'cpolr'),
      labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
      creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    summary: { pass: namespaces.length, fail: 0, warn: 0, error: 0, skip: 0 },
    results: namespaces.map(ns => ({
      policy: 'require-team-product-labels',
      rule: 'namespace-labels',
      result: 'pass',
      severity: 'medium',
      source: 'kyverno',
      scored: true,
      message: 'validation rule passed',
      resources: [{ apiVersion: 'v1', kind: 'Namespace', name: ns }],
      timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
    })),
  };
}
