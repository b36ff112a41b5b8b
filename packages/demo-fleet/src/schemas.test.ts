/*
 * The demo fleet's objects against the published schemas: what the portal
 * reads from it is shaped as a real API server and Argo CD would shape it.
 */
import { Deployment, ReplicaSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { Event, Namespace, Pod, Service } from 'kubernetes-models/v1';
// 2.x: the last line published with CommonJS builds, which Jest needs.
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { clusters, services } from './fleet';
import { clusterObjects } from './kubernetes/objects';
import { applicationsFor } from './argocd/applications';
import { healthy, Scenario } from './scenario';
import { defaultSchemaDirs, SchemaRegistry } from '@internal/infra-validator';

const models: Record<string, new (data: any) => { validate(): void }> = {
  Deployment,
  ReplicaSet,
  HorizontalPodAutoscaler,
  Ingress,
  Event,
  Namespace,
  Pod,
  Service,
};

const now = new Date('2026-11-22T12:00:00Z');
const scenarios: Array<[string, Scenario]> = [
  ['healthy', healthy],
  ['degraded', { ...healthy, degraded: true }],
  ['violations', { ...healthy, violations: true }],
  ['canary', { ...healthy, canary: true }],
  ['canary-aborted', { ...healthy, canary: true, burning: true }],
];

// Argo Rollouts' own CRD schema (vendored by the infra validator from
// argoproj/argo-rollouts manifests/crds, see its schemas/SOURCES.md).
const crds = SchemaRegistry.fromDirectories(defaultSchemaDirs);

describe.each(scenarios)('objects of a %s cluster', (_name, scenario) => {
  const objects = clusters.flatMap(c =>
    clusterObjects('test', c, services, scenario, now),
  );

  it('validate against kubernetes-models', () => {
    let validated = 0;
    for (const object of objects) {
      const Model = models[object.kind];
      if (!Model) continue;
      expect(() => new Model(object).validate()).not.toThrow();
      validated++;
    }
    // Deployments, ReplicaSets, Pods, Services, HPAs, Ingresses, Namespaces at least.
    expect(validated).toBeGreaterThan(40);
  });

  it("has each product's PeerAuthentication, valid against Istio's CRD", () => {
    const policies = objects.filter(o => o.kind === 'PeerAuthentication');
    expect(policies).toHaveLength(clusters.length);
    for (const policy of policies) {
      const { uid, creationTimestamp, ...written } = policy.metadata;
      expect(uid && creationTimestamp).toBeTruthy();
      expect(crds.validate({ ...policy, metadata: written })).toEqual([]);
    }
  });

  it("has each service's Rollout, valid against Argo Rollouts' CRD, owning the ReplicaSets of its stable and current revisions", () => {
    const rollouts = objects.filter(o => o.kind === 'Rollout');
    expect(rollouts).toHaveLength(clusters.length * services.length);
    for (const rollout of rollouts) {
      // The validator checks manifests as written to Git: the fields the
      // API server sets on metadata are not in its metadata schema.
      const { uid, generation, creationTimestamp, ...written } =
        rollout.metadata;
      expect(uid && generation && creationTimestamp).toBeTruthy();
      expect(crds.validate({ ...rollout, metadata: written })).toEqual([]);
      const status = rollout.status as Record<string, string>;
      const owned = objects.filter(
        o =>
          o.kind === 'ReplicaSet' &&
          o.metadata.namespace === rollout.metadata.namespace &&
          (
            o.metadata.ownerReferences as Array<{ uid: string }> | undefined
          )?.[0]?.uid === rollout.metadata.uid,
      );
      const hashes = owned.map(
        o => o.metadata.labels?.['rollouts-pod-template-hash'],
      );
      expect(hashes).toContain(status.stableRS);
      expect(hashes).toContain(status.currentPodHash);
    }
  });

  it("include Kyverno's per-resource reports: one per resource a policy applies to, scoped to it, named by its uid", () => {
    const reports = objects.filter(o => o.kind === 'PolicyReport');
    const subjects = objects.filter(o =>
      ['Deployment', 'ReplicaSet', 'Pod', 'Service'].includes(o.kind),
    );
    expect(reports).toHaveLength(subjects.length);
    const byUid = new Map(objects.map(o => [o.metadata.uid, o]));
    for (const report of [
      ...reports,
      ...objects.filter(o => o.kind === 'ClusterPolicyReport'),
    ]) {
      const scope = report.scope as { kind: string; name: string; uid: string };
      const subject = byUid.get(scope.uid);
      expect(subject?.kind).toBe(scope.kind);
      expect(subject?.metadata.name).toBe(scope.name);
      expect(report.metadata.name).toBe(scope.uid);
      // As Kyverno 1.11+ writes them: the results name no resources.
      expect(
        (report.results as Array<Record<string, unknown>>).every(
          result => !('resources' in result),
        ),
      ).toBe(true);
    }
    for (const report of reports) {
      const results = report.results as Array<{ result: string }>;
      const summary = report.summary as Record<string, number>;
      for (const r of ['pass', 'fail', 'warn', 'skip', 'error']) {
        expect(summary[r]).toBe(results.filter(x => x.result === r).length);
      }
    }
  });

  it('has Argo CD Applications that validate against @kubernetes-models/argo-cd', () => {
    for (const c of clusters) {
      for (const app of applicationsFor('test', c, services, scenario, now)) {
        expect(() => new Application(app as any).validate()).not.toThrow();
      }
    }
  });
});

describe('scenarios change what the objects say', () => {
  const [aws] = clusters;
  const deployment = (s: Scenario) =>
    clusterObjects('test', aws, services, s, now).find(
      o => o.kind === 'Deployment' && o.metadata.name === 'storefront-api',
    )!;

  it('a degraded cluster has unready replicas and crash-looping pods', () => {
    const status = deployment({ ...healthy, degraded: true }).status as any;
    expect(status.readyReplicas).toBeLessThan(status.replicas);
    const pods = clusterObjects(
      'test',
      aws,
      services,
      { ...healthy, degraded: true },
      now,
    ).filter(
      o =>
        o.kind === 'Pod' &&
        o.metadata.labels?.['app.kubernetes.io/name'] === 'storefront-api',
    );
    expect(
      pods.some(
        p =>
          (p.status as any).containerStatuses[0].state.waiting?.reason ===
          'CrashLoopBackOff',
      ),
    ).toBe(true);
  });

  it('a degraded cluster reports Degraded and OutOfSync in Argo CD', () => {
    const [app] = applicationsFor(
      'test',
      aws,
      services,
      { ...healthy, degraded: true },
      now,
    );
    expect(app.status.health).toEqual({ status: 'Degraded' });
    expect((app.status.sync as any).status).toBe('OutOfSync');
  });

  it('is deterministic for a seed and a moment', () => {
    expect(clusterObjects('test', aws, services, healthy, now)).toEqual(
      clusterObjects('test', aws, services, healthy, now),
    );
    expect(clusterObjects('other', aws, services, healthy, now)).not.toEqual(
      clusterObjects('test', aws, services, healthy, now),
    );
  });
});
