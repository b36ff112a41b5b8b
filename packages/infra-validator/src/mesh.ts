import { ClusterView, Placed } from './clusterView';
import { labelsOf, nameOf, namespaceOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/**
 * Istio ambient (docs/adr/0018): a meshed caller's connection reaches the
 * pod on ztunnel's HBONE port whatever port it is for, so NetworkPolicies
 * admit this port beside the one they mean, and it is not a port of the pods.
 */
export const HBONE_PORT = 15008;
/** The address ambient gives kubelet health probes (SNAT), admitted as such. */
export const PROBE_SOURCE = '169.254.7.127/32';
const AMBIENT_LABEL = 'istio.io/dataplane-mode';

/** Whether a namespace of the repo is in the ambient mesh. */
export const isAmbient = (view: ClusterView, namespace: string | undefined) =>
  view
    .ofKind('Namespace')
    .some(
      n =>
        nameOf(n.object) === namespace &&
        labelsOf(n.object)[AMBIENT_LABEL] === 'ambient',
    );

/** One thing a policy admits: which pods, from whom, on which port. */
interface Grant {
  pods: string;
  peer: string;
  port: string;
}

const grantText = (g: Grant) =>
  `${g.peer} to ${g.pods === '{}' ? 'every pod' : `pods ${g.pods}`} on ${
    g.port === '*' ? 'any port' : `port ${g.port}`
  }`;
const grantKey = (g: Grant) => `${g.pods}|${g.peer}|${g.port}`;
const selectorText = (labels: Json | undefined) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  );

/**
 * What a NetworkPolicy's ingress admits, in the terms an L4
 * AuthorizationPolicy can say: a namespace (by its name label, or the
 * policy's own for a bare `podSelector: {}`) or an address block. The mesh's
 * own port and the probe address are the mesh's, not the tenant's intent.
 * Peers with no such equivalent are returned apart.
 */
function networkGrants(policy: Json): {
  grants: Grant[];
  unmirrorable: string[];
} {
  const pods = selectorText(policy.spec?.podSelector?.matchLabels);
  const own = namespaceOf(policy);
  const grants: Grant[] = [];
  const unmirrorable: string[] = [];
  for (const rule of (policy.spec?.ingress ?? []) as Json[]) {
    const ports = ((rule.ports ?? []) as Json[])
      .map(p => (p.port === undefined ? '*' : String(p.port)))
      .filter(p => p !== String(HBONE_PORT));
    if (rule.ports?.length && !ports.length) continue; // only the mesh's port
    const peers = ((rule.from ?? []) as Json[]).flatMap(peer => {
      if (peer.ipBlock?.cidr === PROBE_SOURCE) return [];
      if (peer.ipBlock) return [`ipBlock ${peer.ipBlock.cidr}`];
      const named =
        peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
      const allPods =
        !peer.podSelector || !Object.keys(peer.podSelector).length;
      if (named && allPods) return [`namespace ${named}`];
      if (!peer.namespaceSelector && allPods) return [`namespace ${own}`];
      unmirrorable.push(JSON.stringify(peer));
      return [];
    });
    const from = rule.from?.length ? peers : ['anyone'];
    for (const peer of from)
      for (const port of ports.length ? ports : ['*'])
        grants.push({ pods, peer, port });
  }
  return { grants, unmirrorable };
}

/** What an ALLOW AuthorizationPolicy admits, in the same terms. */
function authorizationGrants(policy: Json): Grant[] {
  const pods = selectorText(policy.spec?.selector?.matchLabels);
  return ((policy.spec?.rules ?? []) as Json[]).flatMap(rule => {
    const sources = ((rule.from ?? []) as Json[]).flatMap(f => [
      ...((f.source?.namespaces ?? []) as string[]).map(n => `namespace ${n}`),
      ...((f.source?.ipBlocks ?? []) as string[]).map(c => `ipBlock ${c}`),
    ]);
    const ports = ((rule.to ?? []) as Json[]).flatMap(
      t => (t.operation?.ports ?? []) as string[],
    );
    const peers = rule.from?.length ? sources : ['anyone'];
    return peers.flatMap(peer =>
      (ports.length ? ports : ['*']).map(port => ({
        pods,
        peer,
        port: String(port),
      })),
    );
  });
}

/**
 * Every tenant namespace is in the ambient mesh with STRICT mutual TLS
 * (a namespace-wide PeerAuthentication, and no policy of the namespace
 * relaxing it), and its AuthorizationPolicies say what its NetworkPolicies
 * say, rule for rule: each ingress a NetworkPolicy admits has an ALLOW
 * AuthorizationPolicy for the same pods, peer and port, and the other way
 * round. Without the first, ztunnel would refuse traffic the tenant means
 * to admit; without the second, the mesh would admit what the network
 * policies do not (once meshed, traffic arrives on the HBONE port, where
 * NetworkPolicies no longer see its port).
 */
export function checkMesh(view: ClusterView, problems: Problems) {
  // The products' tenants (the portal's own namespace is a tenant of the
  // policies but not yet in the mesh: docs/adr/0018).
  const tenants = view.productTenants();
  for (const ns of tenants) {
    const name = nameOf(ns.object);
    const inNamespace = (kind: string) =>
      view.ofKind(kind).filter(p => namespaceOf(p.object) === name);
    if (labelsOf(ns.object)[AMBIENT_LABEL] !== 'ambient')
      problems.add(
        ns.file,
        where(ns, '/metadata/labels'),
        `tenant namespace ${name} is not in the mesh (label ${AMBIENT_LABEL}: ambient)`,
      );
    const peerAuthentications = inNamespace('PeerAuthentication');
    const strict = peerAuthentications.some(
      p => !p.object.spec?.selector && p.object.spec?.mtls?.mode === 'STRICT',
    );
    if (!strict)
      problems.add(
        ns.file,
        where(ns),
        `tenant namespace ${name} has no namespace-wide PeerAuthentication with mtls.mode STRICT: plaintext would still reach its pods`,
      );
    for (const p of peerAuthentications) {
      const modes = [
        p.object.spec?.mtls?.mode,
        ...Object.values((p.object.spec?.portLevelMtls ?? {}) as Json).map(
          m => m?.mode,
        ),
      ].filter(m => m && m !== 'STRICT' && m !== 'UNSET');
      if (modes.length)
        problems.add(
          p.file,
          where(p, '/spec'),
          `PeerAuthentication ${nameOf(
            p.object,
          )} relaxes mutual TLS in tenant ${name} (${modes.join(
            ', ',
          )}); tenants are STRICT`,
        );
    }
    checkMirror(
      inNamespace('NetworkPolicy'),
      inNamespace('AuthorizationPolicy'),
      problems,
    );
  }
}

function checkMirror(
  networkPolicies: Placed[],
  authorizationPolicies: Placed[],
  problems: Problems,
) {
  const allowed = authorizationPolicies.filter(
    p => (p.object.spec?.action ?? 'ALLOW') === 'ALLOW',
  );
  const meshKeys = new Set(
    allowed.flatMap(p => authorizationGrants(p.object)).map(grantKey),
  );
  const networkKeys = new Set<string>();
  for (const policy of networkPolicies) {
    const { grants, unmirrorable } = networkGrants(policy.object);
    for (const peer of unmirrorable)
      problems.add(
        policy.file,
        where(policy, '/spec/ingress'),
        `NetworkPolicy ${nameOf(
          policy.object,
        )} admits ${peer}, which no L4 AuthorizationPolicy can name: admit a namespace or an address block`,
      );
    for (const g of grants) {
      networkKeys.add(grantKey(g));
      if (!meshKeys.has(grantKey(g)))
        problems.add(
          policy.file,
          where(policy, '/spec/ingress'),
          `NetworkPolicy ${nameOf(policy.object)} admits ${grantText(
            g,
          )}, but no AuthorizationPolicy allows it: with STRICT mTLS ztunnel would refuse it`,
        );
    }
  }
  for (const policy of allowed)
    for (const g of authorizationGrants(policy.object))
      if (!networkKeys.has(grantKey(g)))
        problems.add(
          policy.file,
          where(policy, '/spec/rules'),
          `AuthorizationPolicy ${nameOf(policy.object)} allows ${grantText(
            g,
          )}, which no NetworkPolicy admits`,
        );
}
