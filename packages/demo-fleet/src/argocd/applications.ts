import { DemoCluster, DemoService, teamOf } from '../fleet';
import { rolloutHealth } from '../kubernetes/rollouts';
import { ReleaseSource } from '../releases';
import { Scenario } from '../scenario';
import { Running, serviceState } from '../world';

/** An Argo CD `Application` as its REST API returns it. */
export type Application = {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels: Record<string, string>;
    creationTimestamp: string;
    resourceVersion: string;
  };
  spec: Record<string, unknown>;
  status: Record<string, unknown> & {
    resources: Array<Record<string, unknown>>;
  };
};

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Where an Argo CD runs: on each cluster (the default, destination the
 * in-cluster API) or centrally on a management cluster, where each
 * Application targets a registered cluster by name and is called
 * `<service>-<cluster>` because one Argo CD holds them all.
 */
export type ArgoTopology = 'per-cluster' | 'central';

/** One Application per service for one cluster. */
export function applicationsFor(
  seed: string,
  cluster: DemoCluster,
  services: DemoService[],
  scenario: Scenario,
  now: Date,
  topology: ArgoTopology = 'per-cluster',
  running?: (service: string) => Running | undefined,
  releases?: ReleaseSource,
): Application[] {
  return services.map(service => {
    const st = serviceState(
      seed,
      cluster,
      service,
      scenario,
      now,
      running?.(service.name),
      releases,
    );
    // Argo CD's Deployment health: Progressing while replicas are
    // unavailable (a process that died and is starting again).
    let health: { status: string; message?: string } = { status: 'Healthy' };
    // The Rollout's, when it canaries the ring file's tag or was aborted
    // through Argo CD (rollouts.ts).
    const rollout = rolloutHealth(seed, st, scenario);
    if (scenario.degraded) health = { status: 'Degraded' };
    else if (rollout) health = rollout;
    else if (st.ready < st.desired) {
      health = {
        status: 'Progressing',
        message: `Waiting for rollout to finish: ${st.ready} of ${st.desired} updated replicas are available...`,
      };
    }
    const previous = serviceState(
      seed,
      cluster,
      service,
      { ...scenario, degraded: false },
      now,
    );
    const deployedAt = iso(st.deployedAt);
    const synced = !scenario.degraded;
    // Where the app's manifests come from: the product repo's per-cloud overlay.
    const source = {
      repoURL: repoUrl(service),
      path: `deploy/overlays/${cluster.provider}`,
      targetRevision: 'main',
    };
    const destination =
      topology === 'central'
        ? { name: cluster.name, namespace: service.namespace }
        : {
            server: 'https://kubernetes.default.svc',
            namespace: service.namespace,
          };
    const history = [
      {
        id: 1,
        // The release before the current one.
        revision: previous.revision.split('').reverse().join(''),
        deployedAt: iso(new Date(st.deployedAt.getTime() - 86_400_000)),
        deployStartedAt: iso(
          new Date(st.deployedAt.getTime() - 86_400_000 - 30_000),
        ),
        source,
      },
      {
        id: 2,
        revision: previous.revision,
        deployedAt,
        deployStartedAt: iso(new Date(st.deployedAt.getTime() - 30_000)),
        source,
      },
    ];
    const labels = {
      'app.kubernetes.io/name': service.name,
      'app.kubernetes.io/part-of': service.product,
      'trinity.io/cluster': cluster.name,
    };
    const resources = [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: service.namespace,
        name: service.name,
        status: synced ? 'Synced' : 'OutOfSync',
        health,
      },
      {
        version: 'v1',
        kind: 'Service',
        namespace: service.namespace,
        name: service.name,
        status: 'Synced',
        health: { status: 'Healthy' },
      },
      {
        group: 'autoscaling',
        version: 'v2',
        kind: 'HorizontalPodAutoscaler',
        namespace: service.namespace,
        name: service.name,
        status: 'Synced',
        health: { status: 'Healthy' },
      },
      {
        group: 'networking.k8s.io',
        version: 'v1',
        kind: 'Ingress',
        namespace: service.namespace,
        name: service.name,
        status: 'Synced',
        health: { status: 'Healthy' },
      },
    ];
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name:
          topology === 'central'
            ? `${service.name}-${cluster.name}`
            : service.name,
        namespace: 'argocd',
        uid: `${st.replicaSetHash.slice(
          0,
          8,
        )}-0000-4000-8000-${st.replicaSetHash.padEnd(12, '0').slice(0, 12)}`,
        labels,
        creationTimestamp: '2026-01-05T09:00:00Z',
        resourceVersion: String(Math.floor(now.getTime() / 1000)),
      },
      spec: {
        project: teamOf(service),
        source,
        destination,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=false'],
        },
      },
      status: {
        sync: {
          status: synced ? 'Synced' : 'OutOfSync',
          // The git revision Argo CD compares the live state to: the new one,
          // even while the rollout of it is failing.
          revision: st.revision,
          comparedTo: {
            source,
            destination,
          },
        },
        health,
        history,
        reconciledAt: iso(now),
        operationState: {
          operation: {
            sync: { revision: st.revision },
            initiatedBy: { automated: true },
          },
          phase: scenario.degraded ? 'Running' : 'Succeeded',
          message: scenario.degraded
            ? `waiting for healthy state of apps/Deployment/${service.name}`
            : 'successfully synced (all tasks run)',
          startedAt: iso(new Date(st.deployedAt.getTime() - 30_000)),
          ...(scenario.degraded ? {} : { finishedAt: deployedAt }),
          syncResult: { revision: st.revision, resources: [] },
        },
        resources,
        // The images its live objects run: the ring file's image at the
        // ring's tag (and a running canary's), else the made-up revision.
        summary: {
          images: [
            `${st.image}:${st.tag}`,
            ...(st.release?.canary && !st.release.canary.abort
              ? [`${st.image}:${st.release.canary.tag}`]
              : []),
          ],
        },
        sourceType: 'Kustomize',
      },
    } satisfies Application;
  });
}

/**
 * What a central Argo CD reports for an application whose destination cluster
 * it cannot reach: comparison fails, so sync and health are Unknown and a
 * ComparisonError condition says why; the last operation and history stay.
 */
export function unreachable(app: Application, server: string): Application {
  const message = `Failed to load live state: Get "${server}/version": dial tcp: connect: connection refused`;
  return {
    ...app,
    status: {
      ...app.status,
      sync: { ...(app.status.sync as object), status: 'Unknown' },
      health: { status: 'Unknown' },
      conditions: [
        {
          type: 'ComparisonError',
          message,
          lastTransitionTime: app.status.reconciledAt,
        },
      ],
    },
  };
}

function repoUrl(service: DemoService) {
  return `https://git.trinity.example/${service.product}/${service.product}.git`;
}

/** Argo CD's resource tree: the Application's objects and their children. */
export function resourceTree(
  app: Application,
  pods: Array<{ name: string; uid: string; ready: boolean }>,
) {
  const ns = (app.spec.destination as { namespace: string }).namespace;
  const name = app.metadata.name;
  const nodes: Array<Record<string, unknown>> = app.status.resources.map(
    resource => ({
      group: resource.group ?? '',
      version: resource.version,
      kind: resource.kind,
      namespace: resource.namespace,
      name: resource.name,
      uid: `${name}-${String(resource.kind).toLowerCase()}`,
      health: resource.health,
      resourceVersion: '1',
      createdAt: app.metadata.creationTimestamp,
    }),
  );
  for (const pod of pods) {
    nodes.push({
      version: 'v1',
      kind: 'Pod',
      namespace: ns,
      name: pod.name,
      uid: pod.uid,
      parentRefs: [
        {
          group: 'apps',
          kind: 'ReplicaSet',
          namespace: ns,
          name: pod.name.split('-').slice(0, -1).join('-'),
        },
      ],
      health: pod.ready
        ? { status: 'Healthy' }
        : { status: 'Degraded', message: 'CrashLoopBackOff' },
      info: [
        {
          name: 'Status Reason',
          value: pod.ready ? 'Running' : 'CrashLoopBackOff',
        },
      ],
      resourceVersion: '1',
      createdAt: app.metadata.creationTimestamp,
    });
  }
  return { nodes };
}
