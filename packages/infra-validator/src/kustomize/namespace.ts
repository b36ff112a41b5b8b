/** The namespace, namePrefix and nameSuffix transformers. */
import { Accumulator } from './accumulator';
import { applyFieldSpec, fs_, scalarSetter } from './fieldspec';
import {
  curId,
  idEquals,
  idString,
  isClusterScoped,
  orgId,
  storePreviousId,
} from './identity';
import { Loader } from './loader';
import {
  getApiVersion,
  getKind,
  isMap,
  metadataOf,
  scalarText,
} from './objects';

const isRoleBinding = (kind: string) =>
  kind === 'RoleBinding' || kind === 'ClusterRoleBinding';

export function transformNamespace(
  ra: Accumulator,
  ns: string | undefined,
  loader: Loader,
) {
  if (!ns) return;
  for (const r of ra.list) {
    storePreviousId(r);
    const apiVersion = getApiVersion(r.obj);
    const kind = getKind(r.obj);
    if (!isClusterScoped(apiVersion, kind)) metadataOf(r.obj).namespace = ns;
    // roleBindingHack, mode defaultOnly: only subjects named "default"
    if (isRoleBinding(kind) && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) {
        if (isMap(s) && s.name === 'default') s.namespace = ns;
      }
    }
    const set = scalarSetter(() => ns);
    if (apiVersion === 'v1') {
      applyFieldSpec(
        r.obj,
        fs_('metadata/name', true, { kind: 'Namespace' }),
        set,
        'scalar',
      );
    }
    applyFieldSpec(
      r.obj,
      fs_('spec/service/namespace', true, {
        group: 'apiregistration.k8s.io',
        kind: 'APIService',
      }),
      set,
      'scalar',
    );
    applyFieldSpec(
      r.obj,
      fs_('spec/conversion/webhook/clientConfig/service/namespace', false, {
        group: 'apiextensions.k8s.io',
        kind: 'CustomResourceDefinition',
      }),
      set,
      'scalar',
    );
    const id = curId(r);
    const same = ra.list.filter(x => idEquals(curId(x), id));
    if (same.length !== 1) {
      loader.fail(
        `namespace transformation produces ID conflict: ${idString(
          id,
        )} (from ${same.map(x => loader.show(x.file)).join(' and ')})`,
      );
    }
  }
}

export function transformNamePrefixSuffix(
  ra: Accumulator,
  affix: string | undefined,
  which: 'prefix' | 'suffix',
) {
  if (!affix) return;
  for (const r of ra.list) {
    const org = orgId(r);
    const skip =
      org.kind === 'CustomResourceDefinition' ||
      org.kind === 'Namespace' ||
      (org.kind === 'APIService' && org.group === 'apiregistration.k8s.io');
    if (skip) continue;
    if (which === 'prefix') r.prefixes.push(affix);
    else r.suffixes.push(affix);
    storePreviousId(r);
    applyFieldSpec(
      r.obj,
      fs_('metadata/name', false),
      scalarSetter(old =>
        which === 'prefix'
          ? `${affix}${scalarText(old)}`
          : `${scalarText(old)}${affix}`,
      ),
    );
  }
}
