/*
 * Resource identity (kyaml/resid), the build bookkeeping Kustomize keeps
 * per resource (its build annotations), and the output order
 * (SortOrderTransformer).
 */
import { getApiVersion, getKind, getName, getNamespace, Obj } from './objects';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId extends Gvk {
  name: string;
  namespace: string;
  clusterScoped: boolean;
}

export const NOT_NAMESPACEABLE = '_non_namespaceable_';

/*
 * Kinds Kustomize knows to be cluster-scoped: kyaml/openapi's precomputed
 * table (the Kubernetes 1.21.2 schema), keyed by exact apiVersion and kind.
 * ValidatingAdmissionPolicy(+Binding) are in the table on kustomize master
 * (PR #6056, fixing issue #6051) but not yet in a release: v5.8.1 still
 * namespaces them. Every other kind, custom resources included, is
 * treated as namespaced, as Kustomize does.
 */
export const CLUSTER_SCOPED = new Set(
  [
    'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
    'apiextensions.k8s.io/v1 CustomResourceDefinition',
    'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
    'apiregistration.k8s.io/v1 APIService',
    'apiregistration.k8s.io/v1beta1 APIService',
    'certificates.k8s.io/v1 CertificateSigningRequest',
    'certificates.k8s.io/v1beta1 CertificateSigningRequest',
    'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
    'networking.k8s.io/v1 IngressClass',
    'networking.k8s.io/v1beta1 IngressClass',
    'node.k8s.io/v1 RuntimeClass',
    'node.k8s.io/v1beta1 RuntimeClass',
    'policy/v1beta1 PodSecurityPolicy',
    'rbac.authorization.k8s.io/v1 ClusterRole',
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1beta1 ClusterRole',
    'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
    'scheduling.k8s.io/v1 PriorityClass',
    'scheduling.k8s.io/v1beta1 PriorityClass',
    'storage.k8s.io/v1 CSIDriver',
    'storage.k8s.io/v1 CSINode',
    'storage.k8s.io/v1 StorageClass',
    'storage.k8s.io/v1 VolumeAttachment',
    'storage.k8s.io/v1beta1 CSIDriver',
    'storage.k8s.io/v1beta1 CSINode',
    'storage.k8s.io/v1beta1 StorageClass',
    'storage.k8s.io/v1beta1 VolumeAttachment',
    'v1 ComponentStatus',
    'v1 Namespace',
    'v1 Node',
    'v1 NodeProxyOptions',
    'v1 PersistentVolume',
  ].map(s => s.toLowerCase()),
);

/** Namespaced kinds of the same schema: Kustomize knows their merge keys. */
export const KNOWN_NAMESPACED = new Set(
  [
    'apps/v1 ControllerRevision',
    'apps/v1 DaemonSet',
    'apps/v1 Deployment',
    'apps/v1 ReplicaSet',
    'apps/v1 StatefulSet',
    'autoscaling/v1 HorizontalPodAutoscaler',
    'autoscaling/v1 Scale',
    'autoscaling/v2beta1 HorizontalPodAutoscaler',
    'autoscaling/v2beta2 HorizontalPodAutoscaler',
    'batch/v1 CronJob',
    'batch/v1 Job',
    'batch/v1beta1 CronJob',
    'coordination.k8s.io/v1 Lease',
    'coordination.k8s.io/v1beta1 Lease',
    'discovery.k8s.io/v1 EndpointSlice',
    'discovery.k8s.io/v1beta1 EndpointSlice',
    'events.k8s.io/v1 Event',
    'events.k8s.io/v1beta1 Event',
    'extensions/v1beta1 Ingress',
    'networking.k8s.io/v1 Ingress',
    'networking.k8s.io/v1 NetworkPolicy',
    'networking.k8s.io/v1beta1 Ingress',
    'policy/v1 PodDisruptionBudget',
    'policy/v1beta1 PodDisruptionBudget',
    'rbac.authorization.k8s.io/v1 Role',
    'rbac.authorization.k8s.io/v1 RoleBinding',
    'rbac.authorization.k8s.io/v1beta1 Role',
    'rbac.authorization.k8s.io/v1beta1 RoleBinding',
    'storage.k8s.io/v1beta1 CSIStorageCapacity',
    'v1 ConfigMap',
    'v1 Endpoints',
    'v1 Event',
    'v1 LimitRange',
    'v1 PersistentVolumeClaim',
    'v1 Pod',
    'v1 PodAttachOptions',
    'v1 PodExecOptions',
    'v1 PodPortForwardOptions',
    'v1 PodProxyOptions',
    'v1 PodTemplate',
    'v1 ReplicationController',
    'v1 ResourceQuota',
    'v1 Secret',
    'v1 Service',
    'v1 ServiceAccount',
    'v1 ServiceProxyOptions',
  ].map(s => s.toLowerCase()),
);

export const typeKey = (apiVersion: string, kind: string) =>
  `${apiVersion} ${kind}`.toLowerCase();

/* The table is case-sensitive in kyaml; lower-casing both sides is only
 * harmless because no two entries differ by case. */
export const isClusterScoped = (apiVersion: string, kind: string) =>
  CLUSTER_SCOPED.has(typeKey(apiVersion, kind));

export function parseGroupVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? ['', apiVersion]
    : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

export function effectiveNamespace(id: ResId): string {
  if (id.clusterScoped) return NOT_NAMESPACEABLE;
  return id.namespace === '' || id.namespace === 'default'
    ? 'default'
    : id.namespace;
}

export const idEquals = (a: ResId, b: ResId) =>
  effectiveNamespace(a) === effectiveNamespace(b) &&
  a.name === b.name &&
  a.group === b.group &&
  a.version === b.version &&
  a.kind === b.kind;

/** `Gvk.IsSelected`: every non-empty part of the selector must be equal. */
export const gvkSelected = (gvk: Gvk, selector: Partial<Gvk>) =>
  (!selector.group || selector.group === gvk.group) &&
  (!selector.version || selector.version === gvk.version) &&
  (!selector.kind || selector.kind === gvk.kind);

/** Kustomize's id notation, e.g. `Deployment.v1.apps/web.prod`. */
export function idString(id: ResId): string {
  return `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${
    id.group || '[noGrp]'
  }/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

// Resources with Kustomize's build bookkeeping (the build annotations)

interface PrevId {
  kind: string;
  name: string;
  namespace: string;
}

export type Behavior = 'create' | 'merge' | 'replace' | 'unspecified';

export interface Res {
  obj: Obj;
  /** Absolute, symlink-free path of the file the object came from. */
  file: string;
  /** Ids before each GVKN change (config.kubernetes.io/previousNames etc.). */
  prev: PrevId[];
  prefixes: string[];
  suffixes: string[];
  needsHash: boolean;
  behavior: Behavior;
}

export const newRes = (obj: Obj, file: string): Res => ({
  obj,
  file,
  prev: [],
  prefixes: [],
  suffixes: [],
  needsHash: false,
  behavior: 'unspecified',
});

export function curId(r: Res): ResId {
  const apiVersion = getApiVersion(r.obj);
  const [group, version] = parseGroupVersion(apiVersion);
  const kind = getKind(r.obj);
  return {
    group,
    version,
    kind,
    name: getName(r.obj),
    namespace: getNamespace(r.obj),
    clusterScoped: isClusterScoped(apiVersion, kind),
  };
}

/** Previous ids take group and version from the current apiVersion, as kustomize does. */
export function prevIds(r: Res): ResId[] {
  const [group, version] = parseGroupVersion(getApiVersion(r.obj));
  return r.prev.map(p => ({ group, version, ...p, clusterScoped: false }));
}

export const orgId = (r: Res): ResId => prevIds(r)[0] ?? curId(r);

export const anyIds = (r: Res) => [...prevIds(r), curId(r)];

export function storePreviousId(r: Res) {
  const id = curId(r);
  r.prev.push({
    kind: id.kind,
    name: id.name,
    namespace: effectiveNamespace(id),
  });
}

// Output order (SortOrderTransformer)

export const LEGACY_ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
export const LEGACY_ORDER_LAST = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

export function legacySort(
  list: Res[],
  first: string[],
  last: string[],
): Res[] {
  const order = new Map<string, number>();
  first.forEach((kind, i) => order.set(kind, -first.length + i));
  last.forEach((kind, i) => order.set(kind, 1 + i));
  const gvkString = (g: Gvk) =>
    `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
  const cmp = (a: string, b: string) => (a < b ? -1 : Number(a > b));
  return [...list].sort((ra, rb) => {
    const a = curId(ra);
    const b = curId(rb);
    if (a.group !== b.group || a.version !== b.version || a.kind !== b.kind) {
      const ia = order.get(a.kind) ?? 0;
      const ib = order.get(b.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      if (
        a.kind === 'Namespace' &&
        b.kind === 'Namespace' &&
        (a.group === '' || b.group === '')
      ) {
        return cmp(gvkString(b), gvkString(a));
      }
      return cmp(gvkString(a), gvkString(b));
    }
    const key = (id: ResId) =>
      `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${
        id.group || '[noGrp]'
      }|${id.namespace || '~X'}|${id.name || '~N'}`;
    return cmp(key(a), key(b));
  });
}
