import {
  productInputProblems,
  ProductInput,
  serviceInputProblems,
  ServiceInput,
} from './product';

const ctx = {
  clusters: ['aws-use1-prod-01', 'gcp-euw1-prod-01'],
  taken: ['storefront', 'storefront-web'],
  allowedZones: ['trinity.example'],
};
const valid: ProductInput = {
  name: 'checkout',
  team: 'team-payments',
  services: ['web', 'api'],
  clouds: ['aws-use1-prod-01'],
  tier: 'tier-2',
  sloObjective: 99.9,
  latencyTargetMs: 300,
  hostname: 'checkout.trinity.example',
  minReplicas: 2,
  maxReplicas: 6,
};

describe('productInputProblems', () => {
  it('accepts a valid product', () => {
    expect(productInputProblems(valid, ctx)).toEqual([]);
  });

  it.each([
    [{ name: 'Checkout' }, 'name', 'must be a DNS label'],
    [{ name: 'a'.repeat(41) }, 'name', 'at most 40'],
    [{ name: 'kube-system' }, 'name', 'reserved'],
    [{ name: 'storefront' }, 'name', 'already in the catalog'],
    [{ name: 'checkout-' }, 'name', 'DNS label'],
    [{ clouds: ['alibaba-hk-prod-01'] }, 'clouds', 'not a registered cluster'],
    [{ clouds: [] }, 'clouds', 'at least one'],
    [{ sloObjective: 89.99 }, 'sloObjective', 'between 90 and 99.999'],
    [{ sloObjective: 99.9999 }, 'sloObjective', 'between 90 and 99.999'],
    [{ hostname: 'shop.example.com' }, 'hostname', 'inside *.trinity.example'],
    [{ hostname: 'trinity.example' }, 'hostname', 'inside'],
    [{ hostname: 'x.eviltrinity.example' }, 'hostname', 'inside'],
    [{ minReplicas: 0 }, 'minReplicas', 'at least 1'],
    [{ maxReplicas: 1 }, 'maxReplicas', 'between the minimum'],
    [{ services: [] }, 'services', 'at least one'],
    [{ name: 'storefront', services: ['web'] }, 'services', '"storefront-web"'],
    [{ team: 'Payments Team' }, 'team', 'name of a team group'],
    [{ services: ['toString'] }, 'services', 'unknown service kind'],
  ] as Array<[Partial<ProductInput>, string, string]>)(
    '%j is refused on %s',
    (change, field, message) => {
      const problems = productInputProblems({ ...valid, ...change }, ctx);
      expect(problems).toContainEqual({
        field,
        message: expect.stringContaining(message),
      });
    },
  );
});

describe('serviceInputProblems', () => {
  const service: ServiceInput = {
    product: 'storefront',
    service: 'search',
    kind: 'api',
    sloObjective: 99.5,
    latencyTargetMs: 200,
    minReplicas: 2,
    maxReplicas: 4,
  };

  it('accepts a valid service', () => {
    expect(serviceInputProblems(service, ctx)).toEqual([]);
  });

  it.each([
    [
      { service: 'web' },
      'service',
      '"storefront-web" is already in the catalog',
    ],
    [{ service: 'Search' }, 'service', 'DNS label'],
    [{ service: '../etc' }, 'service', 'DNS label'],
    [{ service: 'a'.repeat(40) }, 'service', 'longer than 50'],
    [{ service: '' }, 'service', 'required'],
    [{ product: '' }, 'product', 'choose the product'],
    [{ kind: 'worker' }, 'kind', 'must be one of web, api'],
    [{ kind: 'constructor' }, 'kind', 'must be one of'],
    [{ sloObjective: 100 }, 'sloObjective', 'between 90 and 99.999'],
    [{ maxReplicas: 1 }, 'maxReplicas', 'between the minimum'],
  ] as Array<[Partial<ServiceInput>, string, string]>)(
    '%j is refused on %s',
    (change, field, message) => {
      expect(
        serviceInputProblems({ ...service, ...change }, ctx),
      ).toContainEqual({
        field,
        message: expect.stringContaining(message),
      });
    },
  );
});
