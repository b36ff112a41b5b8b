import {
  ClusterView,
  declaresPort,
  describePorts,
  PodTemplate,
  servicePorts,
  targetNumbers,
} from './clusterView';
import { nameOf, namespaceOf, where } from './load';
import { matchesSelector } from './labelSelector';
import { HBONE_PORT, isAmbient } from './mesh';
import { Problems } from './problems';

type Json = Record<string, any>;

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/** The namespace a peer names by its immutable name label, if it names one. */
const peerNamespace = (peer: Json): string | undefined =>
  peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME];

const portOf = (p: Json): number | string =>
  typeof p.port === 'string' && /^\d+$/.test(p.port) ? Number(p.port) : p.port;

/** Whether a NetworkPolicy port entry (number, name or range) covers a port. */
function covers(entry: Json, port: number, protocol: string): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined) return true;
  const p = portOf(entry);
  if (typeof p !== 'number') return false;
  return entry.endPort ? port >= p && port <= entry.endPort : port === p;
}

const ruleCovers = (rule: Json, port: number, protocol: string) =>
  !rule.ports?.length ||
  (rule.ports as Json[]).some(e => covers(e, port, protocol));

/**
 * Whether the NetworkPolicies of `from` let its pods (any of them; tenants'
 * egress policies select all pods) open a connection to `port` in the
 * namespace `to`.
 */
export function egressAllowed(
  view: ClusterView,
  from: string,
  to: string,
  port: number,
  protocol = 'TCP',
): boolean {
  return view
    .ofKind('NetworkPolicy')
    .filter(p => namespaceOf(p.object) === from)
    .some(p =>
      ((p.object.spec?.egress ?? []) as Json[]).some(
        rule =>
          ruleCovers(rule, port, protocol) &&
          (!rule.to?.length ||
            (rule.to as Json[]).some(
              peer =>
                peerNamespace(peer) === to ||
                (peer.podSelector && !peer.namespaceSelector && from === to),
            )),
      ),
    );
}

/** Whether the NetworkPolicies of a pod's namespace admit `from` on `port` of it. */
export function ingressAllowed(
  view: ClusterView,
  pod: PodTemplate,
  from: string,
  port: number,
  protocol = 'TCP',
): boolean {
  return view
    .ofKind('NetworkPolicy')
    .filter(
      p =>
        namespaceOf(p.object) === pod.namespace &&
        matchesSelector(p.object.spec?.podSelector, pod.labels),
    )
    .some(p =>
      ((p.object.spec?.ingress ?? []) as Json[]).some(
        rule =>
          ruleCovers(rule, port, protocol) &&
          (!rule.from?.length ||
            (rule.from as Json[]).some(peer => peerNamespace(peer) === from)),
      ),
    );
}

/**
 * NetworkPolicies allow the ports in use and no others: an ingress port is
 * a container port of a pod the policy selects; an egress port to a
 * namespace whose Services the repo defines is a port those Services send
 * to. Policies whose pods (or destination) the repo does not hold are not
 * judged here (a tenant's pods come from the product's repo: the template
 * tests check the two together).
 */
export function checkNetworkPolicyPorts(view: ClusterView, problems: Problems) {
  for (const policy of view.ofKind('NetworkPolicy')) {
    const spec = (policy.object.spec ?? {}) as Json;
    const namespace = namespaceOf(policy.object);
    const pods = view.podsSelected(namespace, spec.podSelector);
    const meshed = isAmbient(view, namespace);
    ((spec.ingress ?? []) as Json[]).forEach((rule, r) => {
      if (!pods.length) return;
      ((rule.ports ?? []) as Json[]).forEach((entry, i) => {
        if (entry.port === undefined || entry.endPort) return;
        const port = portOf(entry);
        // ztunnel's port in the pod's network namespace (src/mesh.ts).
        if (meshed && port === HBONE_PORT) return;
        const protocol = entry.protocol ?? 'TCP';
        if (!pods.some(p => declaresPort(p, port, protocol))) {
          problems.add(
            policy.file,
            where(policy, `/spec/ingress/${r}/ports/${i}`),
            `NetworkPolicy ${nameOf(
              policy.object,
            )} allows ingress on ${protocol} ${port}, which no pod it selects listens on (${describePorts(
              pods,
            )})`,
          );
        }
      });
    });
    ((spec.egress ?? []) as Json[]).forEach((rule, r) => {
      const targets = ((rule.to ?? []) as Json[]).map(peerNamespace);
      if (!targets.length || targets.some(t => t === undefined)) return;
      const services = targets.flatMap(t => view.servicesIn(t));
      if (!services.length) return;
      const reachable = services.flatMap(s =>
        servicePorts(s.object).flatMap(p =>
          targetNumbers(view, s.object, p).map(n => `${p.protocol} ${n}`),
        ),
      );
      ((rule.ports ?? []) as Json[]).forEach((entry, i) => {
        if (entry.port === undefined || entry.endPort) return;
        const port = portOf(entry);
        const label = `${entry.protocol ?? 'TCP'} ${port}`;
        if (!reachable.includes(label)) {
          problems.add(
            policy.file,
            where(policy, `/spec/egress/${r}/ports/${i}`),
            `NetworkPolicy ${nameOf(
              policy.object,
            )} allows egress to ${targets.join(
              ', ',
            )} on ${label}, which no Service there sends to (${
              [...new Set(reachable)].join(', ') || 'none'
            })`,
          );
        }
      });
    });
  }
}
