import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  FORGE_REPO_CHANGED_TOPIC,
  LocalForge,
} from '@internal/plugin-forge-node';
import { InfraTenantProvider } from './infraTenantProvider';

const repositoryInfra = path.resolve(__dirname, '../../../infra');
const author = { name: 'Platform', email: 'platform@trinity.example' };

function fakeConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: jest.fn(async (m: EntityProviderMutation) => {
      mutations.push(m);
    }),
    refresh: jest.fn(async () => {}),
  };
  return { connection, mutations };
}

function entitiesOf(mutation: EntityProviderMutation): Entity[] {
  if (mutation.type !== 'full') throw new Error('not a full mutation');
  return mutation.entities.map(e => e.entity);
}

describe('InfraTenantProvider', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-provider-'));
  const forge = new LocalForge({
    directory: path.join(root, 'forge'),
    cloneBaseUrl: 'https://git.trinity.example',
    appBaseUrl: 'http://localhost:3000',
  });

  beforeAll(async () => {
    const seed = path.join(root, 'seed');
    fs.cpSync(repositoryInfra, seed, { recursive: true });
    await forge.createRepo('platform/infra', seed, {
      message: 'Import the infra repo',
      author,
    });
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("writes the infra repo's tenants and entry points as a full mutation", async () => {
    const provider = new InfraTenantProvider({
      forge,
      infraRepo: 'platform/infra',
      logger: mockServices.logger.mock(),
    });
    const { connection, mutations } = fakeConnection();

    await provider.connect(connection);
    await provider.refresh();

    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    const entities = entitiesOf(mutations[0]);
    const tenant = entities.find(e => e.metadata.name === 'tenant-storefront');
    const entryPoint = entities.find(
      e => e.metadata.name === 'shop.trinity.example',
    );
    expect(tenant).toMatchObject({
      kind: 'Resource',
      spec: {
        type: 'tenant',
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
      },
    });
    expect(entryPoint).toMatchObject({
      kind: 'Resource',
      spec: {
        type: 'entry-point',
        hostname: 'shop.trinity.example',
        system: 'system:default/storefront',
      },
    });
    for (const entity of [tenant, entryPoint]) {
      expect(
        entity?.metadata.annotations?.['backstage.io/managed-by-location'],
      ).toMatch(/^trinity-infra:platform\/infra\//);
    }
    expect(
      entryPoint?.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(
      'trinity-infra:platform/infra/tenants/storefront/management/entrypoint.yaml',
    );
    expect(
      (mutations[0].type === 'full' ? mutations[0].entities : []).every(
        e => e.locationKey === 'trinity-infra:platform/infra',
      ),
    ).toBe(true);

    const reading = await provider.current();
    expect(reading.tenants.map(t => t.system)).toContain(
      'system:default/storefront',
    );
    expect(reading.entryPoints.map(e => e.hostname)).toContain(
      'shop.trinity.example',
    );
    expect(reading.problems).toEqual([]);
  });

  it('reads the infra repo for current() before any refresh', async () => {
    const provider = new InfraTenantProvider({
      forge,
      infraRepo: 'platform/infra',
      logger: mockServices.logger.mock(),
    });

    const reading = await provider.current();

    expect(reading.entryPoints.map(e => e.path)).toContain(
      'tenants/storefront/management/entrypoint.yaml',
    );
  });

  it('reads the infra repo again when a change to it is merged', async () => {
    const events = mockServices.events();
    const provider = new InfraTenantProvider({
      forge,
      infraRepo: 'platform/infra',
      logger: mockServices.logger.mock(),
      events,
    });
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);
    await provider.refresh();
    expect(entitiesOf(mutations[0]).map(e => e.metadata.name)).not.toContain(
      'tenant-wallet',
    );

    const work = path.join(root, 'work');
    await forge.checkout('platform/infra', work);
    fs.mkdirSync(path.join(work, 'tenants/wallet/base'), { recursive: true });
    fs.mkdirSync(path.join(work, 'tenants/wallet/clusters/gcp-euw1-prod-01'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(work, 'tenants/wallet/base/kustomization.yaml'),
      'kind: Kustomization\nlabels:\n  - pairs:\n      team: team-payments\n',
    );
    fs.writeFileSync(
      path.join(
        work,
        'tenants/wallet/clusters/gcp-euw1-prod-01/kustomization.yaml',
      ),
      'resources: [../../base]\n',
    );
    const { pullRequest } = await forge.openPullRequest(
      'platform/infra',
      work,
      {
        branch: 'tenant-wallet',
        title: 'Add the wallet tenant',
        description: 'wallet',
        author,
      },
    );
    await forge.mergePullRequest(pullRequest.id, author);
    await events.publish({
      topic: FORGE_REPO_CHANGED_TOPIC,
      eventPayload: { repo: 'platform/infra' },
    });

    await waitFor(() =>
      mutations.some(m =>
        entitiesOf(m).some(e => e.metadata.name === 'tenant-wallet'),
      ),
    );
    expect(
      (await provider.current()).tenants.find(
        t => t.system === 'system:default/wallet',
      ),
    ).toMatchObject({
      owner: 'group:default/team-payments',
      clusters: ['gcp-euw1-prod-01'],
    });
  });

  it('rejects refresh(), naming the repo, when the infra repo does not exist', async () => {
    const logger = mockServices.logger.mock();
    const provider = new InfraTenantProvider({
      forge,
      infraRepo: 'platform/missing',
      logger,
    });
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);

    await expect(provider.refresh()).rejects.toThrow('platform/missing');
    await expect(provider.current()).rejects.toThrow('platform/missing');
    expect(mutations).toEqual([]);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
