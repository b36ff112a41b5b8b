import crypto from 'node:crypto';
import { DemoCluster, DemoService } from '../fleet';
import { Scenario } from '../scenario';
import { serviceState, ServiceState } from '../world';

/** A Kubernetes object as served: always with apiVersion and kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A served resource collection: where it lives in the API and its list kind. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in the URL
  kind: string;
  namespaced: boolean;
}

export const resourceTypes: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    resource: 'limitranges',
    kind: 'LimitRange',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    resource: 'resourcequotas',
    kind: 'ResourceQuota',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource: 'pods',
    kind: 'PodMetrics',
    namespaced: true,
  },
  {
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    resource: 'policyreports',
    kind: 'PolicyReport',
    namespaced: true,
  },
  {
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    resource: 'clusterpolicyreports',
    kind: 'ClusterPolicyReport',
    namespaced: false,
  },
];

export function apiVersionOf(t: ResourceType) {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

function uid(...parts: string[]) {
  // Stable UIDs in UUID form, derived from the object's identity.
  const h = crypto.createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

function labels(s: DemoService) {
  return {
    'app.kubernetes.io/name': s.name,
    'app.kubernetes.io/part-of': s.product,
    'backstage.io/kubernetes-id': s.name,
    team: `team-${s.product}`,
    product: s.product,
  };
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function workloadObjects(
  st: ServiceState,
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  const { service: s, cluster: c } = st;
  const ns = s.namespace;
  const created = iso(st.deployedAt);
  const podLabels = { ...labels(s), 'pod-template-hash': st.replicaSetHash };
  const image = `${s.image}:${st.revision}`;
  const container = {
    name: s.name.split('-').pop()!,
    image,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: uid(c.name, 'deploy', s.name),
      labels: labels(s),
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      creationTimestamp: created,
    },
    spec: {
      replicas: st.desired,
      selector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: labels(s) },
        spec: { containers: [container] },
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
  const rsName = `${s.name}-${st.replicaSetHash}`;
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: ns,
      uid: uid(c.name, 'rs', rsName),
      labels: podLabels,
      creationTimestamp: created,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: s.name,
          uid: deployment.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: {
      replicas: st.desired,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': s.name,
          'pod-template-hash': st.replicaSetHash,
        },
      },
      template: {
        metadata: { labels: podLabels },
        spec: { containers: [container] },
      },
    },
    status: {
      replicas: st.desired,
      readyReplicas: st.ready,
      availableReplicas: st.ready,
    },
  };
  const pods: KubeObject[] = st.podSuffixes.map((suffix, i) => {
    const name = `${rsName}-${suffix}`;
    const isReady = i < st.ready;
    const restarts = st.restartsPerPod[i];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        uid: uid(c.name, 'pod', name),
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
      spec: { containers: [container], nodeName: `${c.name}-node-${i % 3}` },
      status: {
        phase: 'Running',
        podIP: `10.${10 + clusterIndex(c.name)}.${i}.${10 + i}`,
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
            imageID: `${s.image}@sha256:${st.replicaSetHash.padEnd(64, '0')}`,
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
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: uid(c.name, 'svc', s.name),
      labels: labels(s),
      creationTimestamp: created,
    },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': s.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: uid(c.name, 'hpa', s.name),
      labels: labels(s),
      creationTimestamp: created,
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: s.name,
      },
      minReplicas: st.desired,
      maxReplicas: st.hpaMax,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: {
      currentReplicas: st.hpaCurrent,
      desiredReplicas: st.hpaCurrent,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 42, averageValue: '105m' },
          },
        },
      ],
    },
  };
  const ingress: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: uid(c.name, 'ing', s.name),
      labels: labels(s),
      creationTimestamp: created,
    },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: `${s.name}.${c.name}.clusters.trinity.example`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: s.name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
  const metrics: KubeObject[] = pods.map((pod, i) => ({
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {
      name: pod.metadata.name,
      namespace: ns,
      labels: podLabels,
      creationTimestamp: iso(now),
    },
    timestamp: iso(now),
    window: '30s',
    containers: [
      {
        name: container.name,
        usage: { cpu: `${90 + i * 7}m`, memory: `${180 + i * 11}Mi` },
      },
    ],
  }));
  const events: KubeObject[] = st.crashLooping
    ? pods
        .filter((_, i) => i >= st.ready)
        .map(pod => ({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: {
            name: `${pod.metadata.name}.backoff`,
            namespace: ns,
            uid: uid(c.name, 'ev', pod.metadata.name),
            creationTimestamp: created,
          },
          involvedObject: {
            kind: 'Pod',
            name: pod.metadata.name,
            namespace: ns,
            uid: pod.metadata.uid,
          },
          reason: 'BackOff',
          message: `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}`,
          type: 'Warning',
          count: st.restartsPerPod[0],
          firstTimestamp: created,
          lastTimestamp: iso(now),
          source: { component: 'kubelet' },
        }))
    : [];
  const policyReport = policyReportFor(c, s, pods, scenario, now);
  return [
    deployment,
    replicaSet,
    ...pods,
    svc,
    hpa,
    ingress,
    ...metrics,
    ...events,
    policyReport,
  ];
}

function clusterIndex(name: string) {
  return (
    ['aws-use1-prod-01', 'gcp-euw1-prod-01', 'azure-eastus-prod-01'].indexOf(
      name,
    ) + 1
  );
}

/** Kyverno's report for a service's pods: all pass, or failures under the violations scenario. */
function policyReportFor(
  c: DemoCluster,
  s: DemoService,
  pods: KubeObject[],
  scenario: Scenario,
  now: Date,
): KubeObject {
  const ts = { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
  const subject = (pod: KubeObject) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: s.namespace,
    uid: pod.metadata.uid,
  });
  const results = pods.flatMap((pod, i) => {
    const fail = scenario.violations && i === 0;
    return [
      {
        policy: 'require-requests-limits',
        rule: 'validate-resources',
        result: 'pass',
        severity: 'medium',
        category: 'Best Practices',
        scored: true,
        source: 'kyverno',
        message: 'validation rule passed',
        resources: [subject(pod)],
        timestamp: ts,
      },
      {
        policy: 'disallow-latest-tag',
        rule: 'require-image-tag',
        result: fail ? 'fail' : 'pass',
        severity: 'high',
        category: 'Best Practices',
        scored: true,
        source: 'kyverno',
        message: fail
          ? `validation error: an image tag other than latest is required. rule require-image-tag failed at path /spec/containers/0/image/`
          : 'validation rule passed',
        resources: [subject(pod)],
        timestamp: ts,
      },
      ...(scenario.violations
        ? [
            {
              policy: 'restrict-image-registries',
              rule: 'approved-registries',
              result: i === 0 ? 'fail' : 'warn',
              severity: 'high',
              category: 'Supply Chain',
              scored: true,
              source: 'kyverno',
              message:
                'validation error: images must come from approved registries',
              resources: [subject(pod)],
              timestamp: ts,
            },
          ]
        : []),
    ];
  });
  const count = (r: string) => results.filter(x => x.result === r).length;
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: {
      name: `polr-${s.name}`,
      namespace: s.namespace,
      uid: uid(c.name, 'polr', s.name),
      labels: { 'app.kubernetes.io/managed-by': 'kyverno', ...labels(s) },
      creationTimestamp: iso(now),
    },
    scope: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: s.name,
      namespace: s.namespace,
    },
    summary: {
      pass: count('pass'),
      fail: count('fail'),
      warn: count('warn'),
      error: 0,
      skip: 0,
    },
    results,
  };
}

/** Every object a cluster serves right now. */
export function clusterObjects(
  seed: string,
  cluster: DemoCluster,
  services: DemoService[],
  scenario: Scenario,
  now: Date,
): KubeObject[] {
  const namespaces = [...new Set(services.map(s => s.namespace))];
  const nsObjects: KubeObject[] = ['default', 'kube-system', ...namespaces].map(
    name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(cluster.name, 'ns', name),
        labels: { 'kubernetes.io/metadata.name': name },
        creationTimestamp: '2026-01-05T09:00:00Z',
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }),
  );
  const clusterReport: KubeObject = {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'ClusterPolicyReport',
    metadata: {
      name: 'cpol-require-team-label',
      uid: uid(cluster.name, 'cpolr'),
      labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
      creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    summary: { pass: namespaces.length, fail: 0, warn: 0, error: 0, skip: 0 },
    results: namespaces.map(ns => ({
      policy: 'require-team-product-labels',
      rule: 'namespace-labels',
      result: 'pass',
      severity: 'medium',
      source: 'kyverno',
      scored: true,
      message: 'validation rule passed',
      resources: [{ apiVersion: 'v1', kind: 'Namespace', name: ns }],
      timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
    })),
  };
  return [
    ...nsObjects,
    clusterReport,
    ...services.flatMap(s =>
      workloadObjects(
        serviceState(seed, cluster, s, scenario, now),
        scenario,
        now,
      ),
    ),
  ];
}
