import { mockServices } from '@backstage/backend-test-utils';
import { FleetCell, FleetRow } from '@internal/plugin-fleet-common';
import { FleetCluster } from '@internal/plugin-fleet-node';
import { createWorkloadsSource } from '@internal/plugin-fleet-backend-module-kubernetes';
import { withHeadroom } from './headroom';
import { workloadsRow } from './__testUtils__/rows';

const cell = (hpaCurrent: number, hpaMax: number): FleetCell => ({
  status: 'ok',
  summary: `${hpaCurrent} ready`,
  data: { totals: { hpaCurrent, hpaMax } },
  fetchedAt: '2026-11-22T00:00:00Z',
});
const dead: FleetCell = {
  status: 'unknown',
  summary: 'cannot reach c',
  error: { name: 'Error', message: 'cannot reach c' },
  fetchedAt: '2026-11-22T00:00:00Z',
};
const row = workloadsRow;
const headroom = (rows: FleetRow[], i: number) =>
  (withHeadroom(rows)[i].cells.workloads.data as any).headroom;

describe('withHeadroom', () => {
  it('is enough when the others have room for this cluster’s replicas', () => {
    const rows = [
      row('a', cell(4, 12)),
      row('b', cell(4, 12)),
      row('c', cell(4, 12)),
    ];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 4,
      spare: 16,
      enough: true,
    });
    expect(withHeadroom(rows)[0].cells.workloads.summary).toBe(
      '4 ready · N-1 ok',
    );
  });

  it('is short, and warns, when the others are near their maximums', () => {
    const rows = [
      row('a', cell(10, 12)),
      row('b', cell(9, 10)),
      row('c', cell(9, 12)),
    ];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 10,
      spare: 4,
      enough: false,
    });
    const a = withHeadroom(rows)[0].cells.workloads;
    expect(a.status).toBe('warning');
    expect(a.summary).toBe('10 ready · N-1 short by 6');
  });

  it('judges from the clusters that answer when one is down: it adds no room', () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 6))];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 4,
      spare: 2,
      enough: false,
      reason:
        'the others can add only 2 of the 4 replicas this cluster runs (not counting b, which did not answer)',
    });
    expect(withHeadroom(rows)[0].cells.workloads.status).toBe('warning');
    // The dead row's cell stays the error it is.
    expect(withHeadroom(rows)[1].cells.workloads).toBe(dead);
  });

  it("judges the down cluster's own loss from its last answer, with its age", () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 12))];
    const now = new Date('2026-11-22T00:03:00Z');
    const [, b] = withHeadroom(
      rows,
      {
        b: {
          totals: { hpaCurrent: 6, hpaMax: 12 } as any,
          at: '2026-11-22T00:00:00Z',
        },
      },
      now,
    );
    expect(b.headroom).toEqual({
      needed: 6,
      spare: 16,
      enough: true,
      reason:
        'the others can add 16 replicas; losing this cluster needs 6; b did not answer: 6 replicas at its last answer, 3 min ago',
      lastAnsweredAt: '2026-11-22T00:00:00Z',
    });
  });

  it('cannot tell only for a cluster never seen answering', () => {
    const rows = [row('a', cell(4, 12)), row('b', dead), row('c', cell(4, 12))];
    expect(withHeadroom(rows)[1].headroom).toMatchObject({
      enough: null,
      reason:
        'cannot tell: b did not answer, and no earlier answer of its workloads is known',
    });
    // Never unknown for all three at once.
    expect(withHeadroom(rows).map(r => r.headroom?.enough)).toEqual([
      true,
      null,
      true,
    ]);
  });

  it('is never enough on a single cluster', () => {
    expect(headroom([row('a', cell(2, 5))], 0)).toMatchObject({
      enough: false,
      reason: 'no other cluster to take over',
    });
  });
});

describe('withHeadroom over services run by Argo Rollouts', () => {
  /**
   * A workloads cell as the Kubernetes module reads it on a cluster where
   * Argo Rollouts scaled the service's Deployment to 0 and runs its
   * `replicas` pods itself (no autoscaler: each cluster's room is its own
   * load).
   */
  async function cellOf(replicas: number): Promise<FleetCell> {
    const labels = { 'app.kubernetes.io/name': 'api' };
    const lists: Record<string, unknown[]> = {
      deployments: [
        {
          metadata: { name: 'api', namespace: 'shop', labels },
          spec: { replicas: 0 },
          status: {},
        },
      ],
      rollouts: [
        {
          metadata: { name: 'api', namespace: 'shop', labels },
          spec: {
            replicas,
            workloadRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'api',
            },
          },
          status: {
            replicas,
            readyReplicas: replicas,
            availableReplicas: replicas,
            HPAReplicas: replicas,
          },
        },
      ],
    };
    const list = async <T>(_cluster: string, listed: string) =>
      (Object.entries(lists).find(([kind]) =>
        listed.includes(`/${kind}`),
      )?.[1] ?? []) as T[];
    const reading = await createWorkloadsSource(
      { list, listIfServed: list, get: async () => ({} as any) },
      mockServices.rootConfig(),
    ).read({
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: 'shop',
          annotations: {
            'backstage.io/kubernetes-label-selector':
              'app.kubernetes.io/name=api',
            'backstage.io/kubernetes-namespace': 'shop',
          },
        },
      },
      cluster: {
        name: 'a',
        title: 'A',
        provider: 'gcp',
        region: 'r',
        endpoints: {},
      } as FleetCluster,
      signal: new AbortController().signal,
    });
    return { ...reading, fetchedAt: '2026-11-22T00:00:00Z' };
  }

  it("needs the Rollout's replicas, not the scaled-down Deployment's 0", async () => {
    const rows = [
      row('a', await cellOf(4)),
      row('b', await cellOf(4)),
      row('c', await cellOf(4)),
    ];
    expect(headroom(rows, 0)).toMatchObject({
      needed: 4,
      spare: 0,
      enough: false,
      reason: 'the others can add only 0 of the 4 replicas this cluster runs',
    });
    expect(withHeadroom(rows)[0].cells.workloads.summary).toBe(
      '4/4 ready · 0 restarts · HPA 4/4 · N-1 short by 4',
    );
  });
});
