import request from 'supertest';
import { startDemoFleet, DemoFleet } from './server';

const now = new Date('2026-11-22T12:00:00Z');

describe('demo fleet over HTTP', () => {
  let fleet: DemoFleet;
  beforeAll(async () => {
    fleet = await startDemoFleet({
      basePort: 17100,
      seed: 'test',
      now: () => now,
      prometheus: false,
    });
  });
  afterAll(() => fleet.stop());
  const urls = () => fleet.urls('gcp-euw1-prod-01');

  describe('Kubernetes', () => {
    it("lists a product's deployments by label selector in its namespace", async () => {
      const res = await request(urls().kubernetes)
        .get('/apis/apps/v1/namespaces/storefront/deployments')
        .query({ labelSelector: 'backstage.io/kubernetes-id=storefront-api' });
      expect(res.status).toBe(200);
      expect(res.body.kind).toBe('DeploymentList');
      expect(res.body.items.map((d: any) => d.metadata.name)).toEqual([
        'storefront-api',
      ]);
    });

    it('serves pod metrics and Kyverno policy reports', async () => {
      const metrics = await request(urls().kubernetes).get(
        '/apis/metrics.k8s.io/v1beta1/namespaces/storefront/pods',
      );
      expect(metrics.body.items.length).toBe(7);
      const reports = await request(urls().kubernetes).get(
        '/apis/wgpolicyk8s.io/v1alpha2/namespaces/storefront/policyreports',
      );
      expect(reports.body.kind).toBe('PolicyReportList');
      // One per resource a policy applies to, as Kyverno writes them: the
      // two Deployments, their ReplicaSets, the two Rollouts' stable
      // ReplicaSets, seven Pods and two Services.
      expect(reports.body.items).toHaveLength(2 + 2 + 2 + 7 + 2);
    });

    it("serves the product namespace with the tenant's mesh label, and the tenant's STRICT PeerAuthentication", async () => {
      // As infra/tenants/storefront/base declares them (namespace.yaml,
      // mesh.yaml): the fleet's mesh column reads both, cluster-wide.
      const namespaces = await request(urls().kubernetes).get(
        '/api/v1/namespaces',
      );
      expect(namespaces.status).toBe(200);
      const storefront = namespaces.body.items.find(
        (namespace: any) => namespace.metadata.name === 'storefront',
      );
      expect(storefront.metadata.labels).toMatchObject({
        'istio.io/dataplane-mode': 'ambient',
        'trinity.io/tenant': 'true',
        'kubernetes.io/metadata.name': 'storefront',
      });
      const policies = await request(urls().kubernetes).get(
        '/apis/security.istio.io/v1/peerauthentications',
      );
      expect(policies.status).toBe(200);
      expect(policies.body.kind).toBe('PeerAuthenticationList');
      expect(policies.body.items).toEqual([
        expect.objectContaining({
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: expect.objectContaining({
            name: 'default',
            namespace: 'storefront',
            labels: expect.objectContaining({ product: 'storefront' }),
          }),
          spec: { mtls: { mode: 'STRICT' } },
        }),
      ]);
      // And in the namespace, as kubectl -n storefront asks.
      const inNamespace = await request(urls().kubernetes).get(
        '/apis/security.istio.io/v1/namespaces/storefront/peerauthentications',
      );
      expect(inNamespace.body.items).toHaveLength(1);
    });

    it("serves each service's Argo Rollouts Rollout, cluster-wide with a label selector", async () => {
      const res = await request(urls().kubernetes)
        .get('/apis/argoproj.io/v1alpha1/rollouts')
        .query({ labelSelector: 'app.kubernetes.io/part-of' });
      expect(res.status).toBe(200);
      expect(res.body.kind).toBe('RolloutList');
      expect(
        res.body.items.map((rollout: any) => [
          rollout.metadata.name,
          rollout.status.phase,
        ]),
      ).toEqual([
        ['storefront-web', 'Healthy'],
        ['storefront-api', 'Healthy'],
      ]);
    });

    it('answers an unknown resource with a 404 Status, as an API server does', async () => {
      const res = await request(urls().kubernetes).get(
        '/apis/apps/v1/namespaces/storefront/widgets',
      );
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        code: 404,
      });
    });

    it("serves Kyverno's refused admissions as Events, found by field selector", async () => {
      const list = () =>
        request(urls().kubernetes)
          .get('/api/v1/namespaces/default/events')
          .query({ fieldSelector: 'reason=PolicyViolation' });
      expect((await list()).body.items).toEqual([]);
      await fleet.scenarios.set('gcp-euw1-prod-01', { violations: true });
      try {
        const { items } = (await list()).body;
        // The debug-tools rollout breaks three Deny policies per service.
        expect(
          items
            .map((e: any) => `${e.related.name} ${e.involvedObject.name}`)
            .sort(),
        ).toEqual(
          ['storefront-api', 'storefront-web'].flatMap(service =>
            [
              'trinity-disallow-privileged',
              'trinity-require-platform-images',
              'trinity-require-requests-limits',
            ].map(policy => `${service} ${policy}`),
          ),
        );
        expect(
          items.find(
            (e: any) =>
              e.involvedObject.name === 'trinity-require-platform-images',
          ),
        ).toMatchObject({
          reason: 'PolicyViolation',
          action: 'Resource Blocked',
          involvedObject: {
            apiVersion: 'policies.kyverno.io/v1',
            kind: 'ValidatingPolicy',
          },
          message: expect.stringMatching(
            /^Deployment storefront\/storefront-\w+: fail \(blocked\); images must come from registry\.trinity\.example\/, where they are scanned and signed: debug-tools \(docker\.io\/library\/busybox:latest\)$/,
          ),
        });
        const other = await request(urls().kubernetes)
          .get('/api/v1/namespaces/default/events')
          .query({ fieldSelector: 'reason!=PolicyViolation' });
        expect(other.body.items).toEqual([]);
      } finally {
        await fleet.scenarios.set('gcp-euw1-prod-01', { violations: false });
      }
      const bad = await request(urls().kubernetes)
        .get('/api/v1/events')
        .query({ fieldSelector: 'reason' });
      expect(bad.status).toBe(400);
    });

    it('rejects a selector it cannot parse with a 400 Status', async () => {
      const res = await request(urls().kubernetes)
        .get('/api/v1/pods')
        .query({ labelSelector: 'a in b' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    });
  });

  describe('Argo CD', () => {
    it('needs a session token, and lists applications by selector with one', async () => {
      const denied = await request(urls().argocd).get('/api/v1/applications');
      expect(denied.status).toBe(401);
      expect(denied.body.code).toBe(16);

      const wrong = await request(urls().argocd)
        .post('/api/v1/session')
        .send({ username: 'admin', password: 'nope' });
      expect(wrong.status).toBe(401);

      const session = await request(urls().argocd)
        .post('/api/v1/session')
        .send({ username: 'admin', password: 'demo-fleet' });
      const auth = { Authorization: `Bearer ${session.body.token}` };
      const list = await request(urls().argocd)
        .get('/api/v1/applications')
        .query({ selector: 'app.kubernetes.io/name=storefront-web' })
        .set(auth);
      expect(list.body.items.map((a: any) => a.metadata.name)).toEqual([
        'storefront-web',
      ]);

      const tree = await request(urls().argocd)
        .get('/api/v1/applications/storefront-web/resource-tree')
        .set(auth);
      expect(tree.body.nodes.filter((n: any) => n.kind === 'Pod')).toHaveLength(
        3,
      );

      const missing = await request(urls().argocd)
        .get('/api/v1/applications/nope')
        .set(auth);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe(5);
    });
  });

  describe('Argo CD patches', () => {
    const token = { Authorization: 'Bearer demo-fleet-argocd-token' };
    it('takes a merge patch (auto-sync paused) and forgets it on reset', async () => {
      const url = urls().argocd;
      const patched = await request(url)
        .patch('/api/v1/applications/storefront-web')
        .set(token)
        .send({
          name: 'storefront-web',
          patch: JSON.stringify({ spec: { syncPolicy: { automated: null } } }),
          patchType: 'merge',
        });
      expect(patched.status).toBe(200);
      expect(patched.body.spec.syncPolicy.automated).toBeUndefined();
      expect(patched.body.spec.syncPolicy.syncOptions).toEqual([
        'CreateNamespace=false',
      ]);
      const bad = await request(url)
        .patch('/api/v1/applications/storefront-web')
        .set(token)
        .send({ name: 'storefront-web', patch: '{', patchType: 'merge' });
      expect(bad.status).toBe(400);
      await fleet.scenarios.reset();
      const after = await request(url)
        .get('/api/v1/applications/storefront-web')
        .set(token);
      expect(after.body.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
    });
  });

  describe('Argo CD RBAC of the two tokens', () => {
    it('lets the read-only token list applications and refuses it a patch, as Argo CD does', async () => {
      const url = urls().argocd;
      const read = { Authorization: 'Bearer demo-fleet-argocd-read' };
      const list = await request(url).get('/api/v1/applications').set(read);
      expect(list.status).toBe(200);
      const refused = await request(url)
        .patch('/api/v1/applications/storefront-web')
        .set(read)
        .send({
          name: 'storefront-web',
          patch: JSON.stringify({ spec: { syncPolicy: { automated: null } } }),
          patchType: 'merge',
        });
      // Argo CD's answer to an account without `applications, update`:
      // grpc code 7 (PermissionDenied) over HTTP 403, naming the resource.
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 7,
        message: expect.stringMatching(
          /^permission denied: applications, update, team-storefront\/storefront-web/,
        ),
      });
      const after = await request(url)
        .get('/api/v1/applications/storefront-web')
        .set(read);
      expect(after.body.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
    });
  });

  describe('central Argo CD', () => {
    const token = { Authorization: 'Bearer demo-fleet-argocd-token' };

    it("holds every cluster's apps, each targeting its cluster by name", async () => {
      const list = await request(fleet.centralArgoCdUrl)
        .get('/api/v1/applications')
        .query({ selector: 'app.kubernetes.io/name=storefront-web' })
        .set(token);
      expect(
        list.body.items.map((a: any) => [
          a.metadata.name,
          a.spec.destination.name,
        ]),
      ).toEqual([
        ['storefront-web-aws-use1-prod-01', 'aws-use1-prod-01'],
        ['storefront-web-gcp-euw1-prod-01', 'gcp-euw1-prod-01'],
        ['storefront-web-azure-eastus-prod-01', 'azure-eastus-prod-01'],
      ]);
      const tree = await request(fleet.centralArgoCdUrl)
        .get(
          '/api/v1/applications/storefront-web-gcp-euw1-prod-01/resource-tree',
        )
        .set(token);
      expect(tree.body.nodes.filter((n: any) => n.kind === 'Pod')).toHaveLength(
        3,
      );
    });

    it('stays up when a cluster dies and reports its apps as unreachable', async () => {
      await fleet.scenarios.set('aws-use1-prod-01', { down: true });
      try {
        const list = await request(fleet.centralArgoCdUrl)
          .get('/api/v1/applications')
          .set(token);
        const aws = list.body.items.filter(
          (a: any) => a.spec.destination.name === 'aws-use1-prod-01',
        );
        // Its two product applications and the platform's policy set.
        expect(aws.map((a: any) => a.metadata.name).sort()).toEqual([
          'policies-aws-use1-prod-01',
          'storefront-api-aws-use1-prod-01',
          'storefront-web-aws-use1-prod-01',
        ]);
        for (const app of aws) {
          expect(app.status.sync.status).toBe('Unknown');
          expect(app.status.health.status).toBe('Unknown');
          expect(app.status.conditions[0].type).toBe('ComparisonError');
        }
        const gcp = list.body.items.find(
          (a: any) => a.spec.destination.name === 'gcp-euw1-prod-01',
        );
        expect(gcp.status.health.status).toBe('Healthy');
      } finally {
        await fleet.scenarios.set('aws-use1-prod-01', { down: false });
      }
    });
  });

  describe('Prometheus', () => {
    // This fleet runs none (prometheus: false); prometheus/real.test.ts
    // covers the real one each cluster runs otherwise.
    it('answers 503 saying no Prometheus runs, as an unavailable one would', async () => {
      const res = await request(urls().prometheus).get('/api/v1/query').query({
        query: 'slo:objective:ratio{sloth_service="storefront-api"}',
      });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'error',
        errorType: 'unavailable',
        error:
          'this demo fleet runs no Prometheus (started with prometheus: false)',
      });
    });
  });

  describe('scenarios', () => {
    it('a cluster switched down refuses connections; the others keep answering', async () => {
      const admin = request(fleet.adminUrl);
      const down = await admin
        .put('/clusters/aws-use1-prod-01/scenario')
        .send({ down: true });
      expect(down.body.down).toBe(true);
      await expect(
        fetch(`${fleet.urls('aws-use1-prod-01').kubernetes}/version`),
      ).rejects.toThrow();
      const other = await fetch(
        `${fleet.urls('azure-eastus-prod-01').kubernetes}/version`,
      );
      expect(other.status).toBe(200);
      await admin
        .put('/clusters/aws-use1-prod-01/scenario')
        .send({ down: false });
      const back = await fetch(
        `${fleet.urls('aws-use1-prod-01').kubernetes}/version`,
      );
      expect(back.status).toBe(200);
    });

    it('adds latency to a slow cluster', async () => {
      await fleet.scenarios.set('azure-eastus-prod-01', { latencyMs: 300 });
      const started = Date.now();
      await fetch(`${fleet.urls('azure-eastus-prod-01').kubernetes}/version`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await fleet.scenarios.set('azure-eastus-prod-01', { latencyMs: 0 });
    });

    it.each([
      [
        'an unknown field',
        { explode: true },
        'unknown scenario field "explode"',
      ],
      ['a non-boolean flag', { down: 'yes' }, 'down must be true or false'],
      [
        'a negative latency',
        { latencyMs: -1 },
        'latencyMs must be a number from 0 to 60000',
      ],
    ])('refuses %s and changes nothing', async (_title, body, error) => {
      const before = fleet.scenarios.get('aws-use1-prod-01');
      const res = await request(fleet.adminUrl)
        .put('/clusters/aws-use1-prod-01/scenario')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(error);
      expect(fleet.scenarios.get('aws-use1-prod-01')).toEqual(before);
    });

    it('refuses an unknown cluster with 404', async () => {
      const res = await request(fleet.adminUrl)
        .put('/clusters/moon-1/scenario')
        .send({ down: true });
      expect(res.status).toBe(404);
    });
  });
});
