/** The replicas transformer and the kinds it applies to. */
import { Accumulator } from './accumulator';
import { applyFieldSpec, fs_ } from './fieldspec';
import { anyIds } from './identity';
import { Kustomization } from './kustomization';
import { Loader } from './loader';
import { Obj } from './objects';

// builtinpluginconsts/replicas.go
const REPLICA_KINDS = [
  'Deployment',
  'ReplicationController',
  'ReplicaSet',
  'StatefulSet',
];

export function transformReplicas(
  ra: Accumulator,
  k: Kustomization,
  loader: Loader,
) {
  for (const replica of k.replicas ?? []) {
    const count = String(replica.count ?? 0);
    let found = false;
    for (const kind of REPLICA_KINDS) {
      for (const r of ra.list) {
        if (
          !anyIds(r).some(
            id => id.name === (replica.name ?? '') && id.kind === kind,
          )
        ) {
          continue;
        }
        found = true;
        applyFieldSpec(
          r.obj,
          fs_('spec/replicas', true, { kind }),
          (holder, key) => {
            (holder as Obj)[key as string] = Number(count);
          },
          'scalar',
        );
      }
    }
    if (!found) {
      loader.fail(
        `replicas: resource with name ${
          replica.name
        } does not match a config with the following GVK [${REPLICA_KINDS.map(
          kind => `${kind}.[noVer].[noGrp]`,
        ).join(' ')}]`,
      );
    }
  }
}
