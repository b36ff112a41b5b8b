import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-node';
import { EntryPointClaimProcessor } from './entryPointClaimProcessor';
import { InfraTenants } from '@internal/plugin-forge-node';

const registry: InfraTenants = {
  tenants: [],
  entryPoints: [
    {
      type: 'entry-point',
      owner: 'group:default/team-storefront',
      system: 'system:default/storefront',
      hostname: 'shop.trinity.example',
      zoneId: 'Z1',
      provider: 'route53',
      targets: [{ cluster: 'aws-use1-prod-01', address: 'ingress.example' }],
      path: 'tenants/storefront/management/entrypoint.yaml',
    },
  ],
  problems: [],
};

const productLocation: LocationSpec = {
  type: 'url',
  target: 'https://x/catalog-info.yaml',
};
const infraLocation: LocationSpec = {
  type: 'trinity-infra',
  target: 'platform/infra/tenants/x',
};

function processor(
  current: () => Promise<InfraTenants> = async () => registry,
) {
  return new EntryPointClaimProcessor({ current });
}

function claiming(
  kind: string,
  name: string,
  hostname: string,
  spec: Entity['spec'] = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      annotations: { 'trinity.io/entry-point': hostname },
    },
    spec: { owner: 'team-whoever', ...spec },
  };
}

function resource(type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: `some-${type}` },
    spec: { type, owner: 'team-storefront', system: 'storefront' },
  };
}

describe('EntryPointClaimProcessor', () => {
  it("refuses a System's claim of a hostname the infra repo gives another product", async () => {
    const checkout = claiming('System', 'checkout', 'shop.trinity.example');

    const result = processor().preProcessEntity(checkout, productLocation);

    await expect(result).rejects.toThrow(InputError);
    await expect(result).rejects.toThrow(
      'belongs to system:default/storefront',
    );
    await expect(result).rejects.toThrow(
      'system:default/checkout cannot claim it',
    );
  });

  it('refuses the claim whatever case or trailing dot the hostname is written with', async () => {
    const checkout = claiming('System', 'checkout', ' Shop.Trinity.Example. ');

    await expect(
      processor().preProcessEntity(checkout, productLocation),
    ).rejects.toThrow(
      'shop.trinity.example belongs to system:default/storefront',
    );
  });

  it("refuses a Component's claim when its System is not the hostname's", async () => {
    const component = claiming(
      'Component',
      'checkout-web',
      'shop.trinity.example',
      {
        system: 'checkout',
      },
    );

    await expect(
      processor().preProcessEntity(component, productLocation),
    ).rejects.toThrow(InputError);
  });

  it('refuses the claim of an entity of no System', async () => {
    const component = claiming('Component', 'loose', 'shop.trinity.example');

    await expect(
      processor().preProcessEntity(component, productLocation),
    ).rejects.toThrow('belongs to system:default/storefront');
  });

  it('lets the storefront System claim its own hostname, unchanged', async () => {
    const storefront = claiming(
      'System',
      'storefront',
      'shop.trinity.example',
      {
        owner: 'team-storefront',
      },
    );

    await expect(
      processor().preProcessEntity(storefront, productLocation),
    ).resolves.toBe(storefront);
  });

  it('lets a Component of the storefront System claim the hostname', async () => {
    const component = claiming(
      'Component',
      'storefront-web',
      'shop.trinity.example',
      {
        system: 'storefront',
      },
    );

    await expect(
      processor().preProcessEntity(component, productLocation),
    ).resolves.toBe(component);
  });

  it('lets any product claim a hostname the infra repo does not register', async () => {
    const checkout = claiming('System', 'checkout', 'checkout.trinity.example');

    await expect(
      processor().preProcessEntity(checkout, productLocation),
    ).resolves.toBe(checkout);
  });

  it('lets the claim through, unjudged, when the infra repo cannot be read', async () => {
    const current = jest.fn(async (): Promise<InfraTenants> => {
      throw new Error('the infra repo platform/infra does not exist yet');
    });
    const checkout = claiming('System', 'checkout', 'shop.trinity.example');

    await expect(
      processor(current).preProcessEntity(checkout, productLocation),
    ).resolves.toBe(checkout);
    expect(current).toHaveBeenCalled();
  });

  it('does not read the infra repo for an entity that claims nothing', async () => {
    const current = jest.fn(async () => registry);
    const plain: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'checkout' },
      spec: { owner: 'team-checkout' },
    };

    await expect(
      processor(current).preProcessEntity(plain, productLocation),
    ).resolves.toBe(plain);
    expect(current).not.toHaveBeenCalled();
  });

  it.each(['tenant', 'entry-point'])(
    'refuses a %s Resource from anywhere but the infra repo',
    async type => {
      const result = processor().preProcessEntity(
        resource(type),
        productLocation,
      );

      await expect(result).rejects.toThrow(NotAllowedError);
      await expect(result).rejects.toThrow(
        `a ${type} comes only from the infra repo`,
      );
    },
  );

  it.each(['tenant', 'entry-point'])(
    'accepts a %s Resource from the infra repo',
    async type => {
      const entity = resource(type);

      await expect(
        processor().preProcessEntity(entity, infraLocation),
      ).resolves.toBe(entity);
    },
  );

  it('leaves other Resources from product locations alone', async () => {
    const database = resource('database');

    await expect(
      processor().preProcessEntity(database, productLocation),
    ).resolves.toBe(database);
  });
});
