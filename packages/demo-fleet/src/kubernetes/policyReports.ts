/**
 * Kyverno's policy reports and refusals for the demo's workloads, from the
 * platform's real policies (infra/kyverno/policies) evaluated with the
 * validator's evaluator: one report per resource, named by its uid, owned by
 * it, scoped to it, with results as Kyverno writes them for a
 * ValidatingPolicy (source KyvernoValidatingPolicy, no rule, "success" on a
 * pass, severity and category from the policy's annotations, the exceptions
 * that skipped it in `properties.exceptions`; see
 * plugins/fleet-backend-module-kubernetes/src/__fixtures__/kyverno).
 */
import {
  CelPolicy,
  PolicyException,
  validateRequest,
  ValidatingPolicy,
} from '@internal/infra-validator';
import { DemoCluster } from '../fleet';
import { Scenario } from '../scenario';
import { bucket } from '../world';
import { iso, KubeObject, uid } from './kubeObject';

type Result = ReturnType<typeof resultOf>;

/** When the last background scan ran: at the start of the world's 10-minute bucket. */
function scanTime(now: Date) {
  return bucket(now) * 600_000;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** One result in Kyverno's words, for a ValidatingPolicy. */
function resultOf(
  policy: CelPolicy,
  outcome: { result: string; message?: string; exceptions?: string[] },
  now: Date,
) {
  const annotations = policy.metadata.annotations ?? {};
  const severity = annotations['policies.kyverno.io/severity'];
  const category = annotations['policies.kyverno.io/category'];
  return {
    policy: policy.metadata.name,
    result: outcome.result,
    ...(severity && SEVERITIES.includes(severity) ? { severity } : {}),
    ...(category ? { category } : {}),
    scored: true,
    source: 'KyvernoValidatingPolicy',
    ...(outcome.result === 'skip'
      ? {}
      : {
          message:
            outcome.result === 'pass' ? 'success' : outcome.message ?? '',
        }),
    properties: outcome.exceptions?.length
      ? { exceptions: outcome.exceptions.join(',') }
      : { process: 'background scan' },
    // The background scan's time: Kyverno rescans periodically, not at
    // every read (a watch would see every report change each second).
    timestamp: { seconds: Math.floor(scanTime(now) / 1000), nanos: 0 },
  };
}

/** What Kyverno's background scan concludes about one resource, cached. */
const outcomes = new Map<string, Array<{ policy: CelPolicy; outcome: any }>>();

function evaluate(
  policies: CelPolicy[],
  subject: KubeObject,
  namespace: KubeObject | undefined,
  context: KubeObject[],
  exceptions: PolicyException[],
  now: Date,
) {
  // Reports depend on what the resource is, not on its status or age.
  const key = JSON.stringify([
    subject.kind,
    subject.metadata.namespace,
    subject.metadata.name,
    subject.metadata.labels,
    (subject as any).spec,
    namespace?.metadata.labels,
    context.map(other => [
      other.kind,
      other.metadata.name,
      (other as any).spec,
    ]),
    exceptions.map(granted => [granted.metadata.name, granted.spec.expiresAt]),
  ]);
  let found = outcomes.get(key);
  if (!found) {
    found = policies
      .filter(
        (policy): policy is ValidatingPolicy =>
          policy.kind === 'ValidatingPolicy',
      )
      .map(policy => ({
        policy,
        outcome: validateRequest(policy, {
          object: subject,
          namespace,
          resources: context,
          exceptions,
          now,
        }),
      }))
      .filter(evaluated => evaluated.outcome);
    if (outcomes.size > 5_000) outcomes.clear();
    outcomes.set(key, found);
  }
  return found;
}

/** The report of one resource: named by its uid, owned by it, scoped to it. */
function reportOf(
  kind: 'PolicyReport' | 'ClusterPolicyReport',
  subject: KubeObject,
  results: Result[],
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
      // Created with the first scan of its resource.
      creationTimestamp:
        subject.metadata.creationTimestamp ?? iso(new Date(scanTime(now))),
    },
    scope: ref,
    summary: {
      error: count('error'),
      fail: count('fail'),
      pass: count('pass'),
      skip: count('skip'),
      warn: count('warn'),
    },
    results,
  };
}

/**
 * Kyverno's reports on a namespace's resources: every platform policy that
 * applies to each subject, evaluated in its namespace with the namespace's
 * autoscalers and disruption budgets to look up. A resource no policy
 * applies to gets no report, as with Kyverno.
 */
export function policyReportsFor(
  policies: CelPolicy[],
  subjects: KubeObject[],
  namespace: KubeObject | undefined,
  context: KubeObject[],
  exceptions: PolicyException[],
  now: Date,
): KubeObject[] {
  return subjects.flatMap(subject => {
    const results = evaluate(
      policies,
      subject,
      namespace,
      context,
      exceptions,
      now,
    ).map(({ policy, outcome }) => resultOf(policy, outcome, now));
    return results.length
      ? [reportOf('PolicyReport', subject, results, now)]
      : [];
  });
}

/**
 * What Kyverno records when its admission webhook refuses a request: under
 * the violations scenario, a rollout of the service whose pod template adds
 * the debug tools image (the same change the running workload carries) is
 * refused by each Deny policy it breaks. An Event on the policy, in
 * `default` for a cluster-wide policy, whose `related` names the refused
 * resource, in Kyverno's message format for a CEL policy (no rule name:
 * `<Kind> <ns>/<name>: fail (blocked); <message>`, pkg/event/events.go).
 * A blocked resource never exists, so no report covers it; only these
 * events do.
 */
export function blockedAdmissionEventsFor(
  cluster: DemoCluster,
  policies: CelPolicy[],
  request: { refused: KubeObject; namespace: KubeObject | undefined },
  lookups: { context: KubeObject[]; exceptions: PolicyException[] },
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  if (!scenario.violations) return [];
  const { refused, namespace } = request;
  // Refused some 20 minutes ago; stable between reads (a watch would see
  // the events change each second otherwise), moving with the world's
  // 10-minute step.
  const at = iso(new Date(scanTime(now) - 20 * 60_000));
  const { name, namespace: ns } = refused.metadata;
  return evaluate(
    policies,
    refused,
    namespace,
    lookups.context,
    lookups.exceptions,
    now,
  )
    .filter(
      ({ policy, outcome }) =>
        outcome.result === 'fail' &&
        ((policy.spec as any).validationActions ?? []).includes('Deny'),
    )
    .map(({ policy, outcome }) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${policy.metadata.name}.${name}`,
        namespace: 'default',
        uid: uid(cluster.name, 'blocked', policy.metadata.name, name),
        creationTimestamp: at,
      },
      involvedObject: {
        apiVersion: policy.apiVersion,
        kind: policy.kind,
        name: policy.metadata.name,
      },
      related: {
        apiVersion: refused.apiVersion,
        kind: refused.kind,
        name,
        namespace: ns,
      },
      reason: 'PolicyViolation',
      message: `${refused.kind} ${ns}/${name}: fail (blocked); ${outcome.message}`,
      type: 'Warning',
      action: 'Resource Blocked',
      reportingComponent: 'kyverno-admission',
      eventTime: null,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 2,
      source: { component: 'kyverno-admission' },
    }));
}
