import { generateScaleFleet } from './generate';
import { scaleCatalog } from './catalog';
import { SCALE_ARGOCD_TOKEN, ScaleFleet, startScaleFleet } from './server';

describe('generateScaleFleet', () => {
  it('is the same fleet for the same seed and sizes', () => {
    const one = generateScaleFleet({ clusters: 10, products: 100 });
    expect(generateScaleFleet({ clusters: 10, products: 100 })).toEqual(one);
    expect(
      generateScaleFleet({ clusters: 10, products: 100, seed: 'other' }),
    ).not.toEqual(one);
  });

  it('spreads products over every cluster, each on two to four, with one to three services', () => {
    const { clusters, services, products } = generateScaleFleet({
      clusters: 30,
      products: 300,
    });
    expect(new Set(clusters.map(cluster => cluster.name)).size).toBe(30);
    expect(clusters.slice(0, 3).map(cluster => cluster.provider)).toEqual([
      'aws',
      'gcp',
      'azure',
    ]);
    expect(products).toHaveLength(300);
    for (const product of products) {
      const own = services.filter(service => service.product === product);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      expect(own[0].clusters!.length).toBeGreaterThanOrEqual(2);
      expect(own[0].clusters!.length).toBeLessThanOrEqual(4);
    }
    const used = new Set(services.flatMap(service => service.clusters!));
    expect(used.size).toBe(30);
  });
});

describe('startScaleFleet', () => {
  let fleet: ScaleFleet;
  beforeAll(async () => {
    fleet = await startScaleFleet({
      shape: generateScaleFleet({ clusters: 6, products: 20 }),
    });
  });
  afterAll(() => fleet.stop());

  const json = async (url: string, init?: RequestInit) => {
    const res = await fetch(url, init);
    expect(res.status).toBe(200);
    return res.json();
  };

  it("serves each cluster's workloads, only its products', under its own path", async () => {
    const [cluster] = fleet.shape.clusters;
    const expected = fleet.shape.services.filter(service =>
      service.clusters!.includes(cluster.name),
    );
    const list = await json(
      `${
        fleet.urls(cluster.name).kubernetes
      }/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fpart-of`,
    );
    expect(list.items.map((item: any) => item.metadata.name).sort()).toEqual(
      expected.map(service => service.name).sort(),
    );
    expect(fleet.requests()[cluster.name].kubernetes).toBe(1);
  });

  it("gives each generated service the product template's Rollout, healthy and promoted", async () => {
    const [cluster] = fleet.shape.clusters;
    const list = await json(
      `${
        fleet.urls(cluster.name).kubernetes
      }/apis/argoproj.io/v1alpha1/rollouts?labelSelector=app.kubernetes.io%2Fpart-of`,
    );
    const services = fleet.shape.services.filter(service =>
      service.clusters!.includes(cluster.name),
    );
    expect(list.items).toHaveLength(services.length);
    const [rollout] = list.items;
    // The template's steps, its analysis named after the service.
    const steps = rollout.spec.strategy.canary.steps;
    expect(steps.map((step: object) => Object.keys(step)[0])).toEqual([
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
      'pause',
      'analysis',
    ]);
    expect(steps[2].analysis.templates[0].templateName).toBe(
      `${rollout.metadata.name}-slo-burn`,
    );
    expect(rollout.status.phase).toBe('Healthy');
  });

  it('holds every application on the central Argo CD, by destination', async () => {
    const list = await json(`${fleet.centralArgoCdUrl}/api/v1/applications`, {
      headers: { Authorization: `Bearer ${SCALE_ARGOCD_TOKEN}` },
    });
    const instances = fleet.shape.services.reduce(
      (sum, service) => sum + service.clusters!.length,
      0,
    );
    expect(list.items).toHaveLength(instances);
  });

  it("answers every Sloth series of a cluster's services in one query", async () => {
    const [cluster] = fleet.shape.clusters;
    const body = new URLSearchParams({
      query: '{__name__=~"slo:sli_error:ratio_rate5m"}',
    });
    const answer = await json(
      `${fleet.urls(cluster.name).prometheus}/api/v1/query`,
      { method: 'POST', body },
    );
    const services = new Set(
      answer.data.result.map((sample: any) => sample.metric.sloth_service),
    );
    expect(services.size).toBeGreaterThan(0);
    for (const service of services) {
      expect(
        fleet.shape.services.find(one => one.name === service)?.clusters,
      ).toContain(cluster.name);
    }
  });

  it('resets every connection to a cluster that is down, and only to it', async () => {
    const [dead, alive] = fleet.shape.clusters;
    await fleet.scenarios.set(dead.name, { down: true });
    try {
      await expect(
        fetch(`${fleet.urls(dead.name).kubernetes}/version`),
      ).rejects.toThrow();
      await json(`${fleet.urls(alive.name).kubernetes}/version`);
    } finally {
      await fleet.scenarios.set(dead.name, { down: false });
    }
  });

  it('gives the portal a catalog from the same fleet', () => {
    const entities = scaleCatalog(fleet);
    const kinds = (kind: string) =>
      entities.filter(entity => entity.kind === kind).length;
    expect(kinds('Resource')).toBe(6);
    expect(kinds('System')).toBe(20);
    expect(kinds('Component')).toBe(fleet.shape.services.length);
  });
});
