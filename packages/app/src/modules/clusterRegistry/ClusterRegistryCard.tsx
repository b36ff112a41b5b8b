import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  clusterEndpointAnnotations,
  ClusterSpec,
} from '@internal/plugin-platform-common';

/** The registry fields of a cluster Resource, as platform teams keep them. */
export const ClusterRegistryCard = () => {
  const { entity } = useEntity();
  const spec = entity.spec as Partial<ClusterSpec>;
  const annotations = entity.metadata.annotations ?? {};
  const metadata = {
    provider: `${spec.provider} (${spec.service})`,
    region: spec.region,
    environment: spec.environment,
    purpose: spec.purpose,
    criticality: spec.criticality,
    'Kubernetes version': spec.kubernetesVersion,
    'upgrade ring': spec.upgradeRing,
    'network mode': spec.networkMode,
    'identity mode': spec.identityMode,
    'entry point': spec.entryPoint,
    'observability profile': spec.profiles?.observability,
    'policy profile': spec.profiles?.policy,
    'backup profile': spec.profiles?.backup,
    'API server': annotations['kubernetes.io/api-server'] ?? 'not configured',
    'Argo CD':
      annotations[clusterEndpointAnnotations.argocdUrl] ?? 'not configured',
    Prometheus:
      annotations[clusterEndpointAnnotations.prometheusUrl] ?? 'not configured',
  };
  return (
    <InfoCard title="Cluster registry">
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
};
