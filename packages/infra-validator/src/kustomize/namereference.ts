/*
 * Name references (api/filters/nameref): after names change, the fields
 * that refer to ConfigMaps, Secrets, Services, roles and so on are updated,
 * once, at the top level.
 */
import { applyFieldSpec, FieldSpec, Holder } from './fieldspec';
import {
  curId,
  effectiveNamespace,
  Gvk,
  gvkSelected,
  idString,
  NOT_NAMESPACEABLE,
  orgId,
  prevIds,
  Res,
} from './identity';
import { Ctx, display } from './loader';
import {
  getKind,
  getName,
  getNamespace,
  isMap,
  Obj,
  scalarText,
} from './objects';
import { KustomizeError } from './types';

// builtinpluginconsts/namereference.go
interface BackRef {
  target: Partial<Gvk>;
  referrers: FieldSpec[];
}

const POD_SPEC_PATHS: Array<[string, string]> = [
  ['Pod', 'spec'],
  ['PodTemplate', 'template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicaSet', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
];

const WORKLOAD_PATHS: Array<[string, string]> = [
  ['Pod', 'spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicationController', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
];

function podRefs(
  kinds: Array<[string, string]>,
  suffixes: string[],
  podVersion?: string,
): FieldSpec[] {
  return kinds.flatMap(([kind, prefix]) =>
    suffixes.map(s => ({
      path: `${prefix}/${s}`,
      kind,
      ...(kind === 'Pod' && podVersion ? { version: podVersion } : {}),
    })),
  );
}

const refSpec = (p: string, kind: string, group?: string): FieldSpec => ({
  path: p,
  kind,
  ...(group ? { group } : {}),
});

const BACK_REFS: BackRef[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map(
    kind => ({
      target: { kind },
      referrers: [
        refSpec('spec/scaleTargetRef/name', 'HorizontalPodAutoscaler'),
      ],
    }),
  ),
  {
    target: { version: 'v1', kind: 'ConfigMap' },
    referrers: [
      ...podRefs(
        POD_SPEC_PATHS,
        [
          'volumes/configMap/name',
          'containers/env/valueFrom/configMapKeyRef/name',
          'initContainers/env/valueFrom/configMapKeyRef/name',
          'containers/envFrom/configMapRef/name',
          'initContainers/envFrom/configMapRef/name',
          'volumes/projected/sources/configMap/name',
        ],
        'v1',
      ),
      refSpec('spec/configSource/configMap', 'Node'),
      refSpec('rules/resourceNames', 'Role'),
      refSpec('rules/resourceNames', 'ClusterRole'),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap',
        'Ingress',
      ),
    ],
  },
  {
    target: { version: 'v1', kind: 'Secret' },
    referrers: [
      ...podRefs(
        POD_SPEC_PATHS,
        [
          'volumes/secret/secretName',
          'containers/env/valueFrom/secretKeyRef/name',
          'initContainers/env/valueFrom/secretKeyRef/name',
          'containers/envFrom/secretRef/name',
          'initContainers/envFrom/secretRef/name',
          'imagePullSecrets/name',
          'volumes/projected/sources/secret/name',
        ],
        'v1',
      ),
      refSpec('spec/tls/secretName', 'Ingress'),
      refSpec(
        'metadata/annotations/ingress.kubernetes.io\\/auth-secret',
        'Ingress',
      ),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret',
        'Ingress',
      ),
      refSpec(
        'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret',
        'Ingress',
      ),
      refSpec('imagePullSecrets/name', 'ServiceAccount'),
      refSpec('parameters/secretName', 'StorageClass'),
      refSpec('parameters/adminSecretName', 'StorageClass'),
      refSpec('parameters/userSecretName', 'StorageClass'),
      refSpec('parameters/secretRef', 'StorageClass'),
      refSpec('rules/resourceNames', 'Role'),
      refSpec('rules/resourceNames', 'ClusterRole'),
      {
        path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name',
        kind: 'Service',
        group: 'serving.knative.dev',
        version: 'v1',
      },
      refSpec('spec/azureFile/secretName', 'PersistentVolume'),
    ],
  },
  {
    target: { version: 'v1', kind: 'Service' },
    referrers: [
      refSpec('spec/serviceName', 'StatefulSet', 'apps'),
      refSpec('spec/rules/http/paths/backend/serviceName', 'Ingress'),
      refSpec('spec/backend/serviceName', 'Ingress'),
      refSpec('spec/rules/http/paths/backend/service/name', 'Ingress'),
      refSpec('spec/defaultBackend/service/name', 'Ingress'),
      refSpec('spec/service/name', 'APIService', 'apiregistration.k8s.io'),
      refSpec(
        'webhooks/clientConfig/service',
        'ValidatingWebhookConfiguration',
        'admissionregistration.k8s.io',
      ),
      refSpec(
        'webhooks/clientConfig/service',
        'MutatingWebhookConfiguration',
        'admissionregistration.k8s.io',
      ),
    ],
  },
  {
    target: { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    referrers: [
      refSpec('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'),
    ],
  },
  {
    target: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    referrers: [
      refSpec('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'),
      refSpec(
        'roleRef/name',
        'ClusterRoleBinding',
        'rbac.authorization.k8s.io',
      ),
    ],
  },
  {
    target: { version: 'v1', kind: 'ServiceAccount' },
    referrers: [
      refSpec('subjects', 'RoleBinding', 'rbac.authorization.k8s.io'),
      refSpec('subjects', 'ClusterRoleBinding', 'rbac.authorization.k8s.io'),
      ...podRefs(WORKLOAD_PATHS, ['serviceAccountName']),
    ],
  },
  {
    target: { version: 'v1', kind: 'PersistentVolumeClaim' },
    referrers: podRefs(WORKLOAD_PATHS, [
      'volumes/persistentVolumeClaim/claimName',
    ]),
  },
  {
    target: { version: 'v1', kind: 'PersistentVolume' },
    referrers: [
      refSpec('spec/volumeName', 'PersistentVolumeClaim'),
      refSpec('rules/resourceNames', 'ClusterRole'),
    ],
  },
  {
    target: { version: 'v1', group: 'storage.k8s.io', kind: 'StorageClass' },
    referrers: [
      refSpec('spec/storageClassName', 'PersistentVolume'),
      refSpec('spec/storageClassName', 'PersistentVolumeClaim'),
      refSpec('spec/volumeClaimTemplates/spec/storageClassName', 'StatefulSet'),
    ],
  },
  {
    target: {
      version: 'v1',
      group: 'scheduling.k8s.io',
      kind: 'PriorityClass',
    },
    referrers: podRefs(WORKLOAD_PATHS, ['priorityClassName']),
  },
  {
    // Kustomize's table really says group "networking.k8s.io/v1", which
    // matches nothing: IngressClass references are never updated.
    target: {
      version: 'v1',
      group: 'networking.k8s.io/v1',
      kind: 'IngressClass',
    },
    referrers: [refSpec('spec/ingressClassName', 'Ingress')],
  },
  {
    target: {
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingAdmissionPolicy',
    },
    referrers: [
      refSpec(
        'spec/policyName',
        'ValidatingAdmissionPolicyBinding',
        'admissionregistration.k8s.io',
      ),
    ],
  },
];

function sameEndingSubSlice(aIn: string[], bIn: string[]): boolean {
  const [shortest, longest] = aIn.length > bIn.length ? [bIn, aIn] : [aIn, bIn];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  return shortest.every((s, i) => longest[i + diff] === s);
}

function prefixSuffixEquals(r: Res, o: Res, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const prefixes =
      r.prefixes.length === 0 ||
      o.prefixes.length === 0 ||
      sameEndingSubSlice(r.prefixes, o.prefixes);
    const suffixes =
      r.suffixes.length === 0 ||
      o.suffixes.length === 0 ||
      sameEndingSubSlice(r.suffixes, o.suffixes);
    return prefixes && suffixes;
  }
  return (
    sameEndingSubSlice(r.prefixes, o.prefixes) &&
    sameEndingSubSlice(r.suffixes, o.suffixes)
  );
}

function couldBeReferencedBy(referrer: Res, all: Res[]): Res[] {
  const refId = curId(referrer);
  if (refId.clusterScoped) return all;
  const bindingNamespaces = new Set<string>();
  if (
    getKind(referrer.obj) === 'RoleBinding' &&
    Array.isArray(referrer.obj.subjects)
  ) {
    for (const s of referrer.obj.subjects) {
      if (isMap(s) && 'namespace' in s && s.kind === 'ServiceAccount') {
        bindingNamespaces.add(scalarText(s.namespace));
      }
    }
  }
  return all.filter(t => {
    const id = curId(t);
    return (
      id.clusterScoped ||
      effectiveNamespace(id) === effectiveNamespace(refId) ||
      bindingNamespaces.has(getNamespace(t.obj))
    );
  });
}

export function fixNameReferences(all: Res[], ctx: Ctx) {
  for (const referrer of all) {
    const candidates = couldBeReferencedBy(referrer, all);
    const org = orgId(referrer);
    const refCur = curId(referrer);
    const fail = (reason: string): never => {
      throw new KustomizeError(display(ctx, referrer.file), reason);
    };
    for (const backRef of BACK_REFS) {
      for (const spec of backRef.referrers) {
        if (!gvkSelected(org, spec)) continue;
        const select = (
          oldName: string,
          cands: Res[],
          identical: (rs: Res[]) => boolean,
        ): Res | undefined => {
          let c = cands.filter(x => prevIds(x).some(id => id.name === oldName));
          c = c.filter(x =>
            prevIds(x).some(id => gvkSelected(id, backRef.target)),
          );
          if (spec.path.endsWith('roleRef/name')) {
            const roleRef = referrer.obj.roleRef;
            if (
              isMap(roleRef) &&
              roleRef.apiGroup !== undefined &&
              roleRef.kind !== undefined
            ) {
              const gvk = {
                group: scalarText(roleRef.apiGroup),
                kind: scalarText(roleRef.kind),
              };
              c = c.filter(x => prevIds(x).some(id => gvkSelected(id, gvk)));
            }
          }
          if (!refCur.clusterScoped) {
            c = c.filter(x => {
              const id = curId(x);
              return (
                id.clusterScoped ||
                getKind(x.obj) === 'ServiceAccount' ||
                effectiveNamespace(id) === effectiveNamespace(refCur)
              );
            });
          }
          if (c.length === 1) return c[0];
          c = c.filter(x => prefixSuffixEquals(x, referrer, true));
          if (c.length > 1)
            c = c.filter(x => prefixSuffixEquals(x, referrer, false));
          if (c.length === 1) return c[0];
          if (c.length === 0) return undefined;
          if (identical(c)) return c[0];
          return fail(
            `found multiple possible referrals for "${oldName}" in ${
              spec.path
            }: ${c.map(x => idString(curId(x))).join(', ')}`,
          );
        };
        const setScalar = (holder: Holder, key: string | number) => {
          const h = holder as Obj;
          const old = scalarText(h[key as string]);
          const referral = select(old, candidates, rs =>
            rs.every(x => getName(x.obj) === getName(rs[0].obj)),
          );
          if (referral && getName(referral.obj) !== old)
            h[key as string] = getName(referral.obj);
        };
        const setMapping = (m: Obj) => {
          if (!('name' in m))
            fail(`path config error; no 'name' field in node at ${spec.path}`);
          let cands = candidates;
          if ('namespace' in m) {
            const ns = scalarText(m.namespace);
            const byOriginal = candidates.filter(x => {
              const e = effectiveNamespace(orgId(x));
              return e !== NOT_NAMESPACEABLE && e === ns;
            });
            cands =
              byOriginal.length > 0
                ? byOriginal
                : candidates.filter(x => {
                    const e = effectiveNamespace(curId(x));
                    return e !== NOT_NAMESPACEABLE && e === ns;
                  });
          }
          const old = scalarText(m.name);
          const referral = select(old, cands, rs =>
            rs.every(
              x =>
                getName(x.obj) === getName(rs[0].obj) &&
                getNamespace(x.obj) === getNamespace(rs[0].obj),
            ),
          );
          if (!referral) return;
          const name = getName(referral.obj);
          const ns = getNamespace(referral.obj);
          if (name === old && ns === '') return;
          m.name = name;
          if (ns !== '') m.namespace = ns;
        };
        applyFieldSpec(referrer.obj, { path: spec.path }, (holder, key) => {
          const v = (holder as Obj)[key as string];
          if (v === null || v === undefined) return;
          if (isMap(v)) {
            setMapping(v);
          } else if (Array.isArray(v)) {
            v.forEach((el, i) => {
              if (el === null || el === undefined) return;
              if (isMap(el)) setMapping(el);
              else if (Array.isArray(el))
                fail(`${spec.path}: expected a string or a map`);
              else setScalar(v, i);
            });
          } else {
            setScalar(holder, key);
          }
        });
      }
    }
  }
}
