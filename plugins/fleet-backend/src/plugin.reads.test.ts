/*
 * What a fleet read costs upstream: one list per cluster and source (one
 * per Argo CD in central mode), whatever the number of products. Products
 * pick their cells out of those lists (issue 21: the cost of a refresh is
 * per cluster, not per product × cluster).
 */
import request from 'supertest';
import {
  fleetTest,
  path as storefrontApiPath,
  storefront,
  user,
} from './__testUtils__/fleetBackend';

const BASE = 19100;
const t = fleetTest(BASE);

/** Products like storefront, each its own System on the same clusters. */
const products = (count: number) =>
  Array.from({ length: count }, (_, index) => {
    const name = `product-${index}`;
    return {
      ...storefront,
      metadata: {
        ...storefront.metadata,
        name,
        title: `Product ${index}`,
        annotations: {
          ...storefront.metadata.annotations,
          'trinity.io/argocd-app-selector': `app.kubernetes.io/part-of=${name}`,
          'trinity.io/sloth-service': `${name}-web,${name}-api`,
          'backstage.io/kubernetes-label-selector': `app.kubernetes.io/part-of=${name}`,
          'backstage.io/kubernetes-namespace': name,
        },
      },
    };
  });

/** Upstream calls by cluster and API since `before`. */
function callsSince(
  before: Record<string, Record<string, number>>,
  after: Record<string, Record<string, number>>,
) {
  const calls: Record<string, number> = {};
  for (const [cluster, apis] of Object.entries(after)) {
    for (const [api, count] of Object.entries(apis)) {
      const added = count - (before[cluster]?.[api] ?? 0);
      if (added) calls[`${cluster} ${api}`] = added;
    }
  }
  return calls;
}

describe('upstream calls per refresh', () => {
  /**
   * Reads every product's fleet (and storefront-api's) at once, as the
   * refresher does, and counts what the demo fleet was asked.
   */
  async function readAll(count: number) {
    const extra = products(count);
    const { server } = await t.backend({
      entities: extra,
      // Every look reads afresh, so the count is one round's.
      freshSeconds: 0,
      clusterReadSeconds: 5,
    });
    const before = t.fleet.requests();
    const answers = await Promise.all([
      request(server).get(storefrontApiPath).set(user),
      ...extra.map(product =>
        request(server)
          .get(`/api/fleet/entities/system/default/${product.metadata.name}`)
          .set(user),
      ),
    ]);
    expect(answers.map(answer => answer.status)).toEqual(
      answers.map(() => 200),
    );
    // A read that missed the deadline goes on in the background (a loaded
    // machine): count once the fleet has heard every one.
    let after = t.fleet.requests();
    for (let settled = false; !settled; ) {
      await new Promise(resolve => setTimeout(resolve, 500));
      const now = t.fleet.requests();
      settled = JSON.stringify(now) === JSON.stringify(after);
      after = now;
    }
    return {
      calls: callsSince(before, after),
      bodies: answers.map(answer => answer.body),
    };
  }

  it('asks each cluster the same number of times for 1 product as for 40', async () => {
    const few = await readAll(0);
    const many = await readAll(40);
    expect(many.calls).toEqual(few.calls);
    // Per cluster: Argo CD once, Prometheus once, the Kubernetes API once
    // per kind the workloads and policy columns list.
    for (const cluster of [
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]) {
      expect(many.calls[`${cluster} argocd`]).toBe(1);
      expect(many.calls[`${cluster} prometheus`]).toBe(1);
      // A cold backend lists each collection once and then watches it:
      // workloads (Deployments, pods, HPAs, Rollouts), rollout (Rollouts,
      // ReplicaSets), policy (pods, ReplicaSets, Deployments, Services,
      // PolicyReports, openreports Reports, PolicyExceptions, Kyverno's
      // events; a kind the cluster does not serve is asked about once and
      // remembered) and mesh (Namespaces, PeerAuthentications): at most
      // one list and one watch each.
      expect(many.calls[`${cluster} kubernetes`]).toBeLessThanOrEqual(
        2 * (4 + 2 + 8 + 2),
      );
    }
    // And each product got its own cells out of the shared lists: the
    // products have no applications, storefront-api has.
    const [api, product] = many.bodies;
    expect(api.rows[0].cells.argocd.status).toBe('ok');
    expect(product.rows[0].cells.argocd.summary).toMatch(
      /^no application matches app.kubernetes.io\/part-of=product-0/,
    );
  }, 60_000);
});

describe('a warm round', () => {
  it('asks each Kubernetes API once (whether it answers), and still shows what changed', async () => {
    const { server } = await t.backend({
      entities: products(10),
      freshSeconds: 0,
      // Watches are trusted for 1 s after the cluster's last answer.
      clusterReadSeconds: 1,
    });
    const readAll = () =>
      Promise.all(
        ['storefront-api', ...products(10).map(p => p.metadata.name)].map(
          name =>
            request(server)
              .get(
                name === 'storefront-api'
                  ? storefrontApiPath
                  : `/api/fleet/entities/system/default/${name}`,
              )
              .set(user),
        ),
      );
    await readAll();
    // The watches are open once a second read answers with no list.
    await new Promise(resolve => setTimeout(resolve, 1500));
    const before = t.fleet.requests();
    const [api] = await readAll();
    const calls = callsSince(before, t.fleet.requests());
    for (const cluster of [
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]) {
      // One /version per cluster: the watches' check that it is there.
      expect(calls[`${cluster} kubernetes`]).toBe(1);
    }
    expect(api.body.rows[0].cells.workloads.status).toBe('ok');

    // A change reaches the cells through the watch, with no list.
    await t.fleet.scenarios.set('aws-use1-prod-01', { degraded: true });
    let workloads: any;
    for (let tries = 0; tries < 40; tries++) {
      await new Promise(resolve => setTimeout(resolve, 250));
      const res = await request(server).get(storefrontApiPath).set(user);
      workloads = res.body.rows[0].cells.workloads;
      if (workloads.status === 'critical') break;
    }
    expect(workloads.status).toBe('critical');

    // A dead cluster's watches (left open by the proxy) are not trusted:
    // its cells fail like the cluster.
    await t.fleet.scenarios.set('aws-use1-prod-01', { down: true });
    await new Promise(resolve => setTimeout(resolve, 1100));
    const dead = await request(server).get(storefrontApiPath).set(user);
    expect(dead.body.rows[0].cells.workloads.error?.message).toBe(
      "cannot reach aws-use1-prod-01's Kubernetes API: connection refused",
    );
  }, 60_000);
});

describe('the overview, filtered and paged on the server', () => {
  it('answers a page of the matching products, problems first, with counts over all of them', async () => {
    const { server } = await t.backend({ entities: products(40) });
    const first = await request(server)
      .get('/api/fleet/overview?limit=10&offset=0')
      .set(user);
    expect(first.status).toBe(200);
    expect(first.body.products).toHaveLength(10);
    expect(first.body.page).toEqual({ total: 41, offset: 0, limit: 10 });
    // The generated products run nothing (no applications: unknown);
    // storefront is healthy, so it comes last and is no problem.
    const problems = await request(server)
      .get('/api/fleet/overview?problems=true&limit=500')
      .set(user);
    expect(problems.body.page.total).toBe(40);
    expect(problems.body.summary.unknown).toBe(40);
    expect(
      problems.body.products.map((one: any) => one.entityRef),
    ).not.toContain('system:default/storefront');
    const last = await request(server)
      .get('/api/fleet/overview?limit=1&offset=40')
      .set(user);
    expect(last.body.products.map((one: any) => one.entityRef)).toEqual([
      'system:default/storefront',
    ]);
    expect(last.body.facets.teams).toEqual(['group:default/team-storefront']);
  }, 60_000);

  it.each([
    ['limit=0', /limit/],
    ['limit=501', /limit/],
    ['offset=-1', /offset/],
    ['status=burning', /status/],
    ['provider=alibaba', /provider/],
  ])('refuses ?%s with a 400 naming it', async (query, named) => {
    const { server } = await t.backend();
    const res = await request(server)
      .get(`/api/fleet/overview?${query}`)
      .set(user);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(named);
  });
});
