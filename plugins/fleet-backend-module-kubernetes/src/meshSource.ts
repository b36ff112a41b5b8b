import { MeshCellData } from '@internal/plugin-fleet-common';
import { Config } from '@backstage/config';
import { FleetSource } from '@internal/plugin-fleet-node';
import { annotations, RUNBOOKS } from '@internal/plugin-platform-common';
import { createEntityLists } from './entityLists';
import {
  KubernetesApiError,
  KubernetesProxyReader,
} from './KubernetesProxyReader';
import { listPath } from './selector';

/** The namespace label that puts a namespace's pods in Istio's ambient mesh. */
export const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/**
 * Istio's root namespace (meshConfig.rootNamespace, `istio-system` by
 * default): a PeerAuthentication there without a selector is mesh-wide.
 */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

interface Namespace {
  metadata: { name: string; labels?: Record<string, string> };
}

/**
 * A `security.istio.io/v1` PeerAuthentication (istio/api
 * security/v1beta1/peer_authentication.proto, served as v1 since Istio
 * 1.22): `mtls.mode` is UNSET, DISABLE, PERMISSIVE or STRICT; UNSET (or no
 * `mtls`) inherits from the parent (namespace-wide, then mesh-wide, then
 * PERMISSIVE); `selector` narrows it to some pods, `portLevelMtls` to some
 * ports.
 */
export interface PeerAuthentication {
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp?: string;
  };
  spec?: {
    selector?: { matchLabels?: Record<string, string> };
    mtls?: { mode?: string };
    portLevelMtls?: Record<string, { mode?: string }>;
  };
}

/** A cluster's Namespaces and PeerAuthentications, listed once for every cell. */
interface ClusterMesh {
  namespaces: Namespace[];
  /** Undefined: the cluster does not serve the resource (no Istio). */
  peerAuthentications?: PeerAuthentication[];
}

const plaintextModes = new Set(['PERMISSIVE', 'DISABLE']);

const modeOf = (policy?: PeerAuthentication) => {
  const mode = policy?.spec?.mtls?.mode;
  return mode && mode !== 'UNSET' ? mode : undefined;
};

const selects = (policy: PeerAuthentication) =>
  Object.keys(policy.spec?.selector?.matchLabels ?? {}).length > 0;

/** The oldest PeerAuthentication without a selector in a namespace (Istio takes that one). */
function namespaceWide(
  policies: readonly PeerAuthentication[],
  namespace: string,
): PeerAuthentication | undefined {
  return policies
    .filter(
      policy => policy.metadata.namespace === namespace && !selects(policy),
    )
    .sort((left, right) =>
      (left.metadata.creationTimestamp ?? '').localeCompare(
        right.metadata.creationTimestamp ?? '',
      ),
    )[0];
}

/**
 * What the mesh does for a namespace: whether it is in the ambient mesh,
 * its mutual TLS mode and where that comes from, and the policies that let
 * some of its pods or ports accept plaintext.
 */
export function meshData(
  namespace: Namespace,
  policies: readonly PeerAuthentication[] | undefined,
): MeshCellData {
  const name = namespace.metadata.name;
  const dataplaneMode = namespace.metadata.labels?.[DATAPLANE_MODE];
  const all = policies ?? [];
  const own = namespaceWide(all, name);
  const meshWide = namespaceWide(all, ISTIO_ROOT_NAMESPACE);
  const from = [own, meshWide].find(policy => modeOf(policy));
  const exceptions = all
    .filter(policy => policy.metadata.namespace === name)
    .flatMap(policy => {
      const ports = Object.entries(policy.spec?.portLevelMtls ?? {})
        .filter(([, mtls]) => plaintextModes.has(mtls.mode ?? ''))
        .map(([port]) => port);
      const mode = modeOf(policy);
      if (selects(policy) && mode && plaintextModes.has(mode)) {
        return [{ name: policy.metadata.name, mode }];
      }
      if (ports.length > 0) {
        const portModes = new Set(
          ports.map(port => policy.spec!.portLevelMtls![port].mode!),
        );
        return [
          { name: policy.metadata.name, mode: [...portModes].join('/'), ports },
        ];
      }
      return [];
    });
  return {
    namespace: name,
    ...(dataplaneMode !== undefined && { dataplaneMode }),
    ambient: dataplaneMode === 'ambient',
    mtls: {
      mode: modeOf(from) ?? 'PERMISSIVE',
      ...(from && {
        from: `${from.metadata.namespace}/${from.metadata.name}`,
      }),
    },
    exceptions,
    istio: policies !== undefined,
  };
}

/** The cell of a namespace's mesh data: OK only when ambient and STRICT throughout. */
export function meshCell(data: MeshCellData, cluster: string) {
  const { namespace, mtls } = data;
  if (!data.istio) {
    return {
      status: 'warning' as const,
      summary: `not meshed: ${cluster} serves no security.istio.io/v1 PeerAuthentication (Istio is not installed), so ${namespace}'s traffic is not mutual TLS`,
      runbook: RUNBOOKS.meshNotStrict,
      data,
    };
  }
  const why: string[] = [];
  if (!data.ambient) {
    why.push(
      data.dataplaneMode === undefined
        ? `namespace ${namespace} is not in the ambient mesh (no ${DATAPLANE_MODE}=ambient label)`
        : `namespace ${namespace} is labelled ${DATAPLANE_MODE}=${data.dataplaneMode}, not ambient`,
    );
  }
  if (mtls.mode !== 'STRICT') {
    const source = mtls.from
      ? `PeerAuthentication ${mtls.from}`
      : "no PeerAuthentication: Istio's default";
    why.push(`mTLS ${mtls.mode} (${source}): plaintext is accepted`);
  }
  for (const exception of data.exceptions) {
    why.push(
      `PeerAuthentication ${exception.name} sets ${exception.mode} ${
        exception.ports
          ? `on port${
              exception.ports.length === 1 ? '' : 's'
            } ${exception.ports.join(', ')}`
          : 'for the pods it selects'
      }`,
    );
  }
  if (why.length === 0) {
    return {
      status: 'ok' as const,
      summary: 'ambient · mTLS STRICT',
      data,
    };
  }
  const meshed = data.ambient ? 'meshed' : 'not meshed';
  return {
    status: 'warning' as const,
    summary: `${meshed}: ${why.join('; ')}`,
    runbook: RUNBOOKS.meshNotStrict,
    data,
  };
}

/**
 * The mesh column: whether the entity's namespace
 * (`backstage.io/kubernetes-namespace`) is in Istio's ambient mesh, from
 * the live Namespace's `istio.io/dataplane-mode` label, and whether its
 * PeerAuthentications make mutual TLS STRICT (docs/adr/0018). Like the
 * other Kubernetes columns it lists each cluster once per round for every
 * product's cell: its Namespaces and its PeerAuthentications, all
 * namespaces. A cluster that does not serve PeerAuthentication has no
 * Istio: a warning, not an error; a list that fails is an error cell,
 * with the reason.
 */
export function createMeshSource(
  reader: Pick<KubernetesProxyReader, 'list'>,
  config: Config,
): FleetSource<MeshCellData> {
  const listAll = async (
    cluster: string,
    signal: AbortSignal,
  ): Promise<ClusterMesh> => {
    const [namespaces, peerAuthentications] = await Promise.all([
      reader.list<Namespace>(cluster, listPath('', 'namespaces', {}), signal),
      reader
        .list<PeerAuthentication>(
          cluster,
          listPath('security.istio.io/v1', 'peerauthentications', {}),
          signal,
        )
        .catch(error => {
          if (error instanceof KubernetesApiError && error.status === 404)
            return undefined;
          throw error;
        }),
    ]);
    return { namespaces, peerAuthentications };
  };
  const entityLists = createEntityLists(config, listAll);
  return {
    id: 'mesh',
    title: 'Mesh',
    upstream: 'Kubernetes API',
    // After the policy column (40): how the pods are protected, then
    // whether they take traffic (50).
    order: 45,
    async read(request) {
      const read = await entityLists(request);
      if ('unknown' in read) return read.unknown;
      const { objects, lists } = read;
      if (!objects.namespace) {
        return {
          status: 'unknown',
          summary: `no ${annotations.kubernetesNamespace} annotation: which namespace to look at is not known`,
        };
      }
      const namespace = lists.namespaces.find(
        candidate => candidate.metadata.name === objects.namespace,
      );
      if (!namespace) {
        return {
          status: 'unknown',
          summary: `no namespace ${objects.namespace} on ${request.cluster.name}`,
        };
      }
      return meshCell(
        meshData(namespace, lists.peerAuthentications),
        request.cluster.name,
      );
    },
  };
}
