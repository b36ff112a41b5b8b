/** Builds a service's workload: its Deployment, ReplicaSet and Pods. */
import { ServiceState } from '../world';
import { iso, KubeObject, labels, uid } from './kubeObject';

/** The container every object of a service's workload runs. */
export type Container = ReturnType<typeof containerFor>;

/** A service's workload objects, plus the pieces the other builders reuse. */
export interface Workload {
  container: Container;
  /** The pod spec of its pod template (a Rollout's `workloadRef` reuses it). */
  podSpec: ReturnType<typeof podSpecOf>;
  podLabels: Record<string, string>;
  deployment: KubeObject;
  replicaSet: KubeObject;
  pods: KubeObject[];
}

function containerFor(st: ServiceState) {
  const service = st.service;
  return {
    name: service.name.split('-').pop()!,
    image: `${st.image}:${st.tag}`,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/**
 * What someone added to debug a service (the violations scenario): an init
 * container from a public registry on `latest`, unsized, with privilege
 * escalation left on. It breaks three of the platform's real policies.
 */
export const debugTools = {
  name: 'debug-tools',
  image: 'docker.io/library/busybox:latest',
  command: ['sh', '-c', 'ip addr; nslookup kubernetes.default'],
};

/** The pod spec every object of a service's workload carries. */
function podSpecOf(
  st: ServiceState,
  container: Container,
  options: WorkloadOptions,
) {
  const name = st.service.name;
  return {
    ...(options.debugTools ? { initContainers: [debugTools] } : {}),
    containers: [container],
    // Zone spread, as the policies ask of tier-1 services; storefront-web
    // has an exception (see kyverno.ts) and does not spread yet.
    ...(name === 'storefront-web'
      ? {}
      : {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: {
                matchLabels: { 'app.kubernetes.io/name': name },
              },
            },
          ],
        }),
  };
}

export interface WorkloadOptions {
  /** The violations scenario: the debug tools init container. */
  debugTools?: boolean;
}

export function workloadFor(
  st: ServiceState,
  options: WorkloadOptions = {},
): Workload {
  const { service, cluster } = st;
  const ns = service.namespace;
  const created = iso(st.deployedAt);
  const podLabels = {
    ...labels(service),
    'pod-template-hash': st.replicaSetHash,
  };
  const container = containerFor(st);
  const image = container.image;
  const podSpec = podSpecOf(st, container, options);
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: service.name,
      namespace: ns,
      uid: uid(cluster.name, 'deploy', service.name),
      labels: labels(service),
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      creationTimestamp: created,
    },
    spec: {
      replicas: st.desired,
      selector: { matchLabels: { 'app.kubernetes.io/name': service.name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: labels(service) },
        spec: podSpec,
      },
    },
    status: {
      observedGeneration: 3,
      replicas: st.desired,
      updatedReplicas: st.desired,
      readyReplicas: st.ready,
      availableReplicas: st.ready,
      unavailableReplicas: st.desired - st.ready,
      conditions: [
        {
          type: 'Available',
          status: st.ready === st.desired ? 'True' : 'False',
          reason:
            st.ready === st.desired
              ? 'MinimumReplicasAvailable'
              : 'MinimumReplicasUnavailable',
          lastTransitionTime: created,
          lastUpdateTime: created,
          message:
            st.ready === st.desired
              ? 'Deployment has minimum availability.'
              : 'Deployment does not have minimum availability.',
        },
      ],
    },
  };
  const rsName = `${service.name}-${st.replicaSetHash}`;
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: ns,
      uid: uid(cluster.name, 'rs', rsName),
      labels: podLabels,
      creationTimestamp: created,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: service.name,
          uid: deployment.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: {
      replicas: st.desired,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': service.name,
          'pod-template-hash': st.replicaSetHash,
        },
      },
      template: {
        metadata: { labels: podLabels },
        spec: podSpec,
      },
    },
    status: {
      replicas: st.desired,
      readyReplicas: st.ready,
      availableReplicas: st.ready,
    },
  };
  const pods: KubeObject[] = st.podSuffixes.map((suffix, index) => {
    const name = `${rsName}-${suffix}`;
    const isReady = index < st.ready;
    const restarts = st.restartsPerPod[index];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        uid: uid(cluster.name, 'pod', name),
        labels: podLabels,
        creationTimestamp: created,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rsName,
            uid: replicaSet.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: {
        ...podSpec,
        nodeName: `${cluster.name}-node-${index % 3}`,
      },
      status: {
        phase: 'Running',
        podIP: `10.${10 + clusterIndex(cluster.name)}.${index}.${10 + index}`,
        startTime: created,
        conditions: [
          {
            type: 'Ready',
            status: isReady ? 'True' : 'False',
            lastTransitionTime: created,
          },
          {
            type: 'ContainersReady',
            status: isReady ? 'True' : 'False',
            lastTransitionTime: created,
          },
        ],
        containerStatuses: [
          {
            name: container.name,
            image,
            imageID: `${st.image}@sha256:${st.replicaSetHash.padEnd(64, '0')}`,
            ready: isReady,
            started: isReady,
            restartCount: restarts,
            state: isReady
              ? { running: { startedAt: created } }
              : {
                  waiting: {
                    reason: 'CrashLoopBackOff',
                    message: `back-off restarting failed container ${container.name}`,
                  },
                },
            ...(restarts > 0 && {
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  startedAt: created,
                  finishedAt: created,
                },
              },
            }),
          },
        ],
      },
    };
  });
  return { container, podSpec, podLabels, deployment, replicaSet, pods };
}

function clusterIndex(name: string) {
  return (
    ['aws-use1-prod-01', 'gcp-euw1-prod-01', 'azure-eastus-prod-01'].indexOf(
      name,
    ) + 1
  );
}
