import { productInputProblems, ProductInput } from './product';

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
