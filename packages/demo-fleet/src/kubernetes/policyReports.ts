/**
 * Builds Kyverno's policy reports the way Kyverno 1.11 and later writes them
 * (see plugins/fleet-backend-module-kubernetes/src/__fixtures__/kyverno for
 * reports Kyverno wrote): one report per resource, named by the resource's
 * uid, owned by it, whose `scope` names it and whose results carry no
 * `resources`. A PolicyReport per Pod; a ClusterPolicyReport per Namespace.
 */
import { DemoCluster } from '../fleet';
import { Scenario } from '../scenario';
import { iso, KubeObject, uid } from './kubeObject';

type Result = 'pass' | 'fail' | 'warn';

/** A ClusterPolicy's rule as Kyverno reports it, with the policy's annotations. */
interface Rule {
  policy: string;
  rule: string;
  severity: string;
  category: string;
  /** Kyverno's validation message, and the path it failed at. */
  failure: { message: string; path: string };
}

const requestsLimits: Rule = {
  policy: 'require-requests-limits',
  rule: 'validate-resources',
  severity: 'medium',
  category: 'Best Practices',
  failure: {
    message: 'CPU and memory resource requests and limits are required',
    path: '/spec/containers/0/resources/requests/',
  },
};
const latestTag: Rule = {
  policy: 'disallow-latest-tag',
  rule: 'require-image-tag',
  severity: 'high',
  category: 'Best Practices',
  failure: {
    message: 'an image tag other than latest is required',
    path: '/spec/containers/0/image/',
  },
};
const registries: Rule = {
  policy: 'restrict-image-registries',
  rule: 'approved-registries',
  severity: 'high',
  category: 'Supply Chain',
  failure: {
    message: 'images must come from approved registries',
    path: '/spec/containers/0/image/',
  },
};
const namespaceLabels: Rule = {
  policy: 'require-team-product-labels',
  rule: 'namespace-labels',
  severity: 'medium',
  category: 'Multi-Tenancy',
  failure: {
    message: 'the labels team and product are required',
    path: '/metadata/labels/',
  },
};

/** One result in Kyverno's words: the pass and fail messages of a ClusterPolicy. */
function resultOf(rule: Rule, result: Result, now: Date) {
  return {
    policy: rule.policy,
    rule: rule.rule,
    result,
    severity: rule.severity,
    category: rule.category,
    scored: true,
    source: 'kyverno',
    message:
      result === 'pass'
        ? `validation rule '${rule.rule}' passed.`
        : `validation error: ${rule.failure.message}. rule ${rule.rule} failed at path ${rule.failure.path}`,
    properties: { process: 'background scan' },
    timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
  };
}

/** The report of one resource: named by its uid, owned by it, scoped to it. */
function reportOf(
  kind: 'PolicyReport' | 'ClusterPolicyReport',
  subject: KubeObject,
  results: Array<ReturnType<typeof resultOf>>,
  now: Date,
): KubeObject {
  const count = (result: string) =>
    results.filter(entry => entry.result === result).length;
  const ref = {
    apiVersion: subject.apiVersion,
    kind: subject.kind,
    name: subject.metadata.name,
    ...(subject.metadata.namespace
      ? { namespace: subject.metadata.namespace }
      : {}),
    uid: subject.metadata.uid,
  };
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind,
    metadata: {
      name: subject.metadata.uid!,
      ...(subject.metadata.namespace
        ? { namespace: subject.metadata.namespace }
        : {}),
      uid: uid(String(subject.metadata.uid), 'report'),
      labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
      ownerReferences: [
        {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          name: ref.name,
          uid: ref.uid,
        },
      ],
      creationTimestamp: iso(now),
    },
    scope: ref,
    summary: {
      error: 0,
      fail: count('fail'),
      pass: count('pass'),
      skip: 0,
      warn: count('warn'),
    },
    results,
  };
}

/**
 * Kyverno's reports on a service's pods: all pass, or, under the violations
 * scenario, the first pod fails two high-severity policies and the others
 * are warned about their registry.
 */
export function policyReportsFor(
  pods: KubeObject[],
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  return pods.map((pod, index) => {
    const failing = scenario.violations && index === 0;
    const results = [
      resultOf(requestsLimits, 'pass', now),
      resultOf(latestTag, failing ? 'fail' : 'pass', now),
      ...(scenario.violations
        ? [resultOf(registries, index === 0 ? 'fail' : 'warn', now)]
        : []),
    ];
    return reportOf('PolicyReport', pod, results, now);
  });
}

/** Kyverno's reports on the product namespaces: all pass. */
export function namespaceReportsFor(
  cluster: DemoCluster,
  namespaces: string[],
  now: Date,
): KubeObject[] {
  return namespaces.map(name =>
    reportOf(
      'ClusterPolicyReport',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, uid: uid(cluster.name, 'ns', name) },
      },
      [resultOf(namespaceLabels, 'pass', now)],
      now,
    ),
  );
}

/**
 * What Kyverno records when its admission webhook refuses a request (under
 * the violations scenario: a rollout of the service with a `latest` image):
 * an Event on the policy, in `default` for a cluster-wide policy, whose
 * `related` names the refused resource, in Kyverno's message format
 * (`<Kind> <ns>/<name>: [<rule>] fail (blocked); <message>`). A blocked
 * resource never exists, so no report covers it; only these events do.
 */
export function blockedAdmissionEventsFor(
  cluster: DemoCluster,
  service: { name: string; namespace: string },
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  if (!scenario.violations) return [];
  const at = iso(new Date(now.getTime() - 20 * 60_000));
  const message = `Deployment ${service.namespace}/${service.name}: [${latestTag.rule}] fail (blocked); validation error: ${latestTag.failure.message}. rule ${latestTag.rule} failed at path ${latestTag.failure.path}`;
  return [
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${latestTag.policy}.${service.name}`,
        namespace: 'default',
        uid: uid(cluster.name, 'blocked', service.name),
        creationTimestamp: at,
      },
      involvedObject: {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        name: latestTag.policy,
      },
      related: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service.name,
        namespace: service.namespace,
      },
      reason: 'PolicyViolation',
      message,
      type: 'Warning',
      action: 'Resource Blocked',
      reportingComponent: 'kyverno-admission',
      eventTime: null,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 2,
      source: { component: 'kyverno-admission' },
    },
  ];
}
