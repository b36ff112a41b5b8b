/**
 * Fields the portal's failover control owns after Crossplane created them
 * (docs/adr/0005): a composed resource may set them only in
 * `spec.initProvider`, never in `spec.forProvider`, and must not late-
 * initialize (which would copy the observed value into forProvider and let
 * the next reconcile undo a drain).
 */
type Json = Record<string, any>;

const owned: Array<{ group: string; kind: string; field: string }> = [
  {
    group: 'route53.aws.m.upbound.io',
    kind: 'Record',
    field: 'weightedRoutingPolicy',
  },
  {
    group: 'loadbalancer.cloudflare.m.cloudflare.com',
    kind: 'LoadBalancer',
    field: 'randomSteering',
  },
  {
    group: 'loadbalancer.cloudflare.m.cloudflare.com',
    kind: 'LoadBalancerPool',
    field: 'enabled',
  },
];

export function ownershipProblems(object: Json): string[] {
  const group = String(object.apiVersion ?? '').split('/')[0];
  const rule = owned.find(r => r.group === group && r.kind === object.kind);
  if (!rule) return [];
  const spec = (object.spec ?? {}) as Json;
  const out: string[] = [];
  if (spec.forProvider?.[rule.field] !== undefined) {
    out.push(
      `${rule.field} is owned by the portal after creation: set it in spec.initProvider, not spec.forProvider (docs/adr/0005)`,
    );
  }
  const policies: string[] = spec.managementPolicies ?? ['*'];
  if (policies.includes('*') || policies.includes('LateInitialize')) {
    out.push(
      `managementPolicies must leave out LateInitialize so that ${rule.field} stays the portal's (docs/adr/0005)`,
    );
  }
  return out;
}
