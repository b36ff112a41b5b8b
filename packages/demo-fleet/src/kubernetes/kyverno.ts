/**
 * The platform's real Kyverno policies and tenant namespaces, read from the
 * infra repo, and the policy exceptions the demo world has granted. The
 * demo fleet evaluates these policies with the validator's evaluator, so a
 * demo report says what Kyverno would say about the demo's workloads.
 */
import path from 'node:path';
import {
  CelPolicy,
  loadPolicySet,
  PolicyException,
} from '@internal/infra-validator';
import { repoRoot } from '../repoRoot';
import { tenantObjects } from '../tenants';
import { KubeObject, uid } from './kubeObject';

const infraDir = path.join(repoRoot, 'infra');

let policies: CelPolicy[] | undefined;

/** The ValidatingPolicies the platform enforces (infra/kyverno/policies). */
export function platformPolicies(): CelPolicy[] {
  policies ??= loadPolicySet(path.join(infraDir, 'kyverno/policies'));
  return policies;
}

/**
 * The labels of a product's tenant Namespace as the infra repo declares it:
 * they decide which policies apply (tenant, tier). A product without one is
 * a plain namespace.
 */
export function tenantNamespaceLabels(product: string): Record<string, string> {
  return (tenantObjects(product).find(object => object.kind === 'Namespace')
    ?.metadata?.labels ?? {}) as Record<string, string>;
}

/**
 * The exceptions granted in the demo world, as the infra repo would hold
 * them (infra/kyverno/exceptions: none is committed there, since a real
 * one must expire within 90 days of its review). storefront-web runs in
 * one zone per cluster until its node pools move (a ticket, an approver,
 * an expiry 30 days from the demo's start of day).
 */
export function demoExceptions(now: Date): Array<PolicyException & KubeObject> {
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  const expires = new Date(day.getTime() + 30 * 86_400_000);
  return [
    {
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'PolicyException',
      metadata: {
        name: 'storefront-web-zone-spread',
        namespace: 'kyverno',
        uid: uid('kyverno', 'polex', 'storefront-web-zone-spread'),
        creationTimestamp: new Date(day.getTime() - 12 * 86_400_000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      },
      spec: {
        policyRefs: [
          { name: 'trinity-require-zone-spread', kind: 'ValidatingPolicy' },
        ],
        matchConditions: [
          {
            name: 'storefront-web',
            expression:
              "object.metadata.namespace == 'storefront' && object.metadata.name == 'storefront-web'",
          },
        ],
        expiresAt: expires.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        properties: {
          reason:
            'web tier moves to zone-redundant node pools; one zone per cluster until then',
          ticket: 'PLAT-214',
          'approved-by': 'team-platform',
        },
      },
    },
  ];
}
