import { matchesSelector } from '../labelSelector';
import { splitApiVersion } from '../load';

type Json = Record<string, any>;

export interface ResourceRule {
  apiGroups?: string[];
  apiVersions?: string[];
  operations?: string[];
  resources?: string[];
}

export interface MatchConstraints {
  resourceRules?: ResourceRule[];
  excludeResourceRules?: ResourceRule[];
  namespaceSelector?: Json;
  objectSelector?: Json;
}

/** What a CEL policy (validating or generating) has in common. */
export interface CelPolicySpec {
  matchConstraints?: MatchConstraints;
  matchConditions?: Array<{ name: string; expression: string }>;
  variables?: Array<{ name: string; expression: string }>;
  autogen?: { podControllers?: { controllers?: string[] } };
}

export const plural = (kind: string) =>
  kind.toLocaleLowerCase('en-US').endsWith('y')
    ? `${kind.toLocaleLowerCase('en-US').slice(0, -1)}ies`
    : `${kind.toLocaleLowerCase('en-US')}s`;

const any = (list: string[] | undefined, value: string) =>
  (list ?? ['*']).some(x => x === '*' || x === value);

function ruleMatches(rule: ResourceRule, object: Json, operation: string) {
  const [group, version] = splitApiVersion(object.apiVersion);
  return (
    any(rule.apiGroups, group) &&
    any(rule.apiVersions, version) &&
    any(rule.operations, operation) &&
    any(rule.resources, plural(String(object.kind ?? '')))
  );
}

/**
 * Whether match constraints select a request, as the API server decides
 * (admissionregistration/v1 MatchResources): a resource rule, not an
 * excluded one, the namespace's labels (a Namespace is judged by its own)
 * and the object's labels.
 */
export function constraintsMatch(
  match: MatchConstraints | undefined,
  object: Json,
  operation: string,
  namespace: Json | undefined,
): boolean {
  if (!match) return false;
  if (!(match.resourceRules ?? []).some(r => ruleMatches(r, object, operation)))
    return false;
  if (
    (match.excludeResourceRules ?? []).some(r =>
      ruleMatches(r, object, operation),
    )
  )
    return false;
  const namespaceLabels =
    (object.kind === 'Namespace' ? object : namespace)?.metadata?.labels ?? {};
  const clusterScoped =
    !object.metadata?.namespace && object.kind !== 'Namespace' && !namespace;
  if (
    !clusterScoped &&
    !matchesSelector(match.namespaceSelector, namespaceLabels)
  )
    return false;
  return matchesSelector(match.objectSelector, object.metadata?.labels ?? {});
}

/**
 * Kyverno's autogen for CEL policies (kyverno/kyverno pkg/cel/autogen): a
 * policy that matches only Pods (one rule: core v1 pods, no object
 * selector, no exclusions) also applies to the pod controllers, with
 * `object.spec` read as the pod template's spec and `object.metadata` as the
 * template's metadata (but `object.metadata.namespace` left alone).
 */
const CONTROLLERS: Record<string, { kind: string; template: string }> = {
  deployments: { kind: 'Deployment', template: 'spec.template' },
  replicasets: { kind: 'ReplicaSet', template: 'spec.template' },
  statefulsets: { kind: 'StatefulSet', template: 'spec.template' },
  daemonsets: { kind: 'DaemonSet', template: 'spec.template' },
  jobs: { kind: 'Job', template: 'spec.template' },
  cronjobs: { kind: 'CronJob', template: 'spec.jobTemplate.spec.template' },
};

function canAutogen(match: MatchConstraints | undefined): boolean {
  const rules = match?.resourceRules ?? [];
  const selector = match?.objectSelector ?? {};
  return (
    rules.length === 1 &&
    !(match?.excludeResourceRules ?? []).length &&
    !Object.keys(selector.matchLabels ?? {}).length &&
    !(selector.matchExpressions ?? []).length &&
    rules[0].apiGroups?.join() === '' &&
    rules[0].apiVersions?.join() === 'v1' &&
    rules[0].resources?.join() === 'pods'
  );
}

function rewrite(text: string, from: string, to: string): string {
  return text.replace(
    new RegExp(
      `\\b(object|oldObject)\\.${from.replace('.', '\\.')}(?!\\.namespace\\b)`,
      'g',
    ),
    (_, root) => `${root}.${to}`,
  );
}

/**
 * The spec that applies to an object: the policy's own when it matches,
 * its autogen variant for a pod controller, or none.
 */
export function specFor<T extends CelPolicySpec>(
  spec: T,
  object: Json,
  operation: string,
  namespace: Json | undefined,
): T | undefined {
  if (constraintsMatch(spec.matchConstraints, object, operation, namespace))
    return spec;
  if (!canAutogen(spec.matchConstraints)) return undefined;
  const resource = plural(String(object.kind ?? ''));
  const controller = CONTROLLERS[resource];
  const enabled =
    spec.autogen?.podControllers?.controllers ?? Object.keys(CONTROLLERS);
  if (
    !controller ||
    object.kind !== controller.kind ||
    !enabled.includes(resource)
  )
    return undefined;
  const [group, version] = splitApiVersion(object.apiVersion);
  const variant = JSON.parse(
    [
      ['spec', `${controller.template}.spec`],
      ['metadata', `${controller.template}.metadata`],
    ].reduce(
      (text, [from, to]) => rewrite(text, from, to),
      JSON.stringify({ ...spec, matchConstraints: undefined }),
    ),
  ) as T;
  variant.matchConstraints = {
    resourceRules: [
      {
        apiGroups: [group],
        apiVersions: [version],
        operations: spec.matchConstraints?.resourceRules?.[0].operations,
        resources: [resource],
      },
    ],
    namespaceSelector: spec.matchConstraints?.namespaceSelector,
  };
  return constraintsMatch(
    variant.matchConstraints,
    object,
    operation,
    namespace,
  )
    ? variant
    : undefined;
}
