import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { FleetCluster } from '@internal/plugin-fleet-node';
import { createWorkloadsSource } from './workloadsSource';

/**
 * Argo Rollouts' own canary Rollout (__fixtures__/argo-rollouts), pointed
 * at a Deployment as a tenant's Rollout is (`workloadRef` in place of the
 * pod template; argo-rollouts docs/migrating.md, "Reference Deployment
 * From Rollout"). Its status: spec.replicas 5, status.replicas 6 (one
 * canary pod on top), readyReplicas 5, availableReplicas 5, HPAReplicas 6.
 */
function referencingRollout(deployment: string) {
  const rollout = parse(
    fs.readFileSync(
      path.join(__dirname, '__fixtures__/argo-rollouts/canary-rollout.yaml'),
      'utf8',
    ),
  );
  delete rollout.spec.template;
  rollout.spec.workloadRef = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: deployment,
    scaleDown: 'progressively',
  };
  return rollout;
}

/** What Argo Rollouts leaves of the referenced Deployment: scaled to 0. */
const scaledDown = {
  metadata: {
    name: 'canary-demo',
    namespace: 'jesse-test',
    labels: { app: 'canary-demo' },
  },
  spec: { replicas: 0 },
  status: { observedGeneration: 4 },
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'canary-demo',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'app=canary-demo',
      'backstage.io/kubernetes-namespace': 'jesse-test',
    },
  },
};
const cluster: FleetCluster = {
  name: 'gcp-euw1-prod-01',
  title: 'GKE europe-west1',
  provider: 'gcp',
  region: 'europe-west1',
  upgradeRing: 'ring-0',
  endpoints: {},
};

function sourceOver(
  lists: { deployments: unknown[]; rollouts: unknown[]; hpas?: unknown[] },
  paths: string[] = [],
) {
  const list = async <T>(_cluster: string, listed: string) => {
    paths.push(listed);
    if (listed.includes('/deployments')) return lists.deployments as T[];
    if (listed.includes('/rollouts')) return lists.rollouts as T[];
    if (listed.includes('/horizontalpodautoscalers'))
      return (lists.hpas ?? []) as T[];
    return [] as T[];
  };
  return createWorkloadsSource(
    { list, listIfServed: list, get: async () => ({} as any) },
    new ConfigReader({}),
  );
}

const read = (source: ReturnType<typeof sourceOver>) =>
  source.read({ entity, cluster, signal: new AbortController().signal });

describe('the workloads source, for a service run by an Argo Rollout', () => {
  it("counts the Rollout's replicas, not its scaled-down Deployment's", async () => {
    const paths: string[] = [];
    const reading = await read(
      sourceOver(
        {
          deployments: [scaledDown],
          rollouts: [referencingRollout('canary-demo')],
        },
        paths,
      ),
    );
    expect(paths).toContain(
      '/apis/argoproj.io/v1alpha1/rollouts?labelSelector=app.kubernetes.io%2Fpart-of',
    );
    expect(reading.data?.deployments).toEqual([
      {
        name: 'canary-demo',
        ready: 5,
        desired: 5,
        available: 5,
        countedFrom: 'Rollout',
        rollout: 'canary-demo',
        hpa: undefined,
      },
    ]);
    expect(reading.status).toBe('ok');
    expect(reading.summary).toMatch(/^5\/5 ready · 0 restarts · HPA 5\/5$/);
    // N-1 headroom (fleet-backend's withHeadroom) reads these totals: the
    // load this cluster would hand over is the Rollout's 5, not 0.
    expect(reading.data?.totals).toMatchObject({
      ready: 5,
      desired: 5,
      hpaCurrent: 5,
      hpaMax: 5,
    });
  });

  it("takes the autoscaler of the Rollout, at the Rollout's HPAReplicas when it reports none", async () => {
    const hpa = {
      metadata: {
        name: 'canary-demo',
        namespace: 'jesse-test',
        labels: { app: 'canary-demo' },
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'canary-demo',
        },
        maxReplicas: 12,
      },
      status: {},
    };
    const reading = await read(
      sourceOver({
        deployments: [scaledDown],
        rollouts: [referencingRollout('canary-demo')],
        hpas: [hpa],
      }),
    );
    expect(reading.data?.deployments[0].hpa).toEqual({ current: 6, max: 12 });
    expect(reading.data?.totals).toMatchObject({ hpaCurrent: 6, hpaMax: 12 });
  });

  it('without a Rollout referencing it, counts the Deployment as before', async () => {
    const running = {
      ...scaledDown,
      spec: { replicas: 3 },
      status: { replicas: 3, readyReplicas: 2, availableReplicas: 2 },
    };
    const reading = await read(
      sourceOver({
        deployments: [running],
        // A Rollout of another Deployment is not this service's.
        rollouts: [referencingRollout('someone-else')],
      }),
    );
    expect(reading.data?.deployments).toEqual([
      {
        name: 'canary-demo',
        ready: 2,
        desired: 3,
        available: 2,
        hpa: undefined,
      },
    ]);
    expect(reading.status).toBe('warning');
  });
});
