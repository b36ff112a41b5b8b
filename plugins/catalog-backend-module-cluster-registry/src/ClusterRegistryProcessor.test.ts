import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ConfigReader } from '@backstage/config';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import catalogPlugin, {
  CATALOG_ERRORS_TOPIC,
} from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ClusterRegistryProcessor } from './ClusterRegistryProcessor';
import { catalogModuleClusterRegistry } from './module';

const spec = {
  type: 'kubernetes-cluster',
  owner: 'group:default/platform-runtime',
  provider: 'azure',
  service: 'aks',
  region: 'eastus',
  environment: 'production',
  purpose: 'Shared production workloads',
  criticality: 'tier-1',
  kubernetesVersion: '1.33',
  upgradeRing: 'ring-2',
  networkMode: 'azure-cni-overlay',
  identityMode: 'workload-identity',
  entryPoint: 'ingress.azure-eastus-prod-01.clusters.example',
  profiles: { observability: 'standard', policy: 'enforce', backup: 'daily' },
};
const cluster = (overrides: object = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'azure-eastus-prod-01' },
  spec: { ...spec, ...overrides },
});

const registry = {
  type: 'url',
  target: 'https://git.example/infra/registry/*.yaml',
};
const elsewhere = {
  type: 'url',
  target: 'https://git.example/team-x/thing/blob/main/catalog-info.yaml',
};
const at = { type: 'url', target: 'x' };

describe('ClusterRegistryProcessor', () => {
  const processor = ClusterRegistryProcessor.fromConfig(
    new ConfigReader({
      app: { baseUrl: 'http://localhost:7007' },
      trinity: {
        clusterRegistry: { locations: [registry] },
        clusters: {
          'azure-eastus-prod-01': {
            kubernetes: { url: 'http://127.0.0.1:7131' },
            argocd: { url: 'http://127.0.0.1:7132' },
            prometheus: { url: 'http://127.0.0.1:7133' },
          },
        },
      },
    }),
  );

  it('derives labels from the spec and binds endpoints from config', async () => {
    const result = await processor.preProcessEntity(
      cluster() as any,
      at,
      () => {},
      registry,
    );
    expect(result.metadata.labels).toEqual({
      'trinity.io/provider': 'azure',
      'trinity.io/region': 'eastus',
      'trinity.io/environment': 'production',
      'trinity.io/upgrade-ring': 'ring-2',
    });
    expect(result.metadata.annotations).toEqual({
      'kubernetes.io/api-server': 'http://127.0.0.1:7131',
      'kubernetes.io/api-server-certificate-authority': '',
      // The provider's own auth unless config says otherwise.
      'kubernetes.io/auth-provider': 'azure',
      'trinity.io/argocd-url': 'http://127.0.0.1:7132',
      'trinity.io/argocd-ui-url': 'http://127.0.0.1:7132',
      'trinity.io/prometheus-url': 'http://127.0.0.1:7133',
    });
  });

  it('binds a cluster registered by a file in the registrations directory, with no config change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registrations-'));
    try {
      const fromFiles = ClusterRegistryProcessor.fromConfig(
        new ConfigReader({
          trinity: {
            clusterRegistry: { locations: [registry], registrationsDir: dir },
          },
        }),
      );
      const before = await fromFiles.preProcessEntity(
        cluster() as any,
        at,
        () => {},
        registry,
      );
      expect(before.metadata.annotations).toEqual({});
      // The new cluster's registration arrives (External Secrets writes
      // the mounted Secret's key); the next read of the directory binds it.
      fs.writeFileSync(
        path.join(dir, 'azure-eastus-prod-01'),
        'kubernetes:\n  url: https://aks-30.example\n  caData: Q0E=\nprometheus:\n  url: https://prom-30.example\n',
      );
      const later = ClusterRegistryProcessor.fromConfig(
        new ConfigReader({
          trinity: {
            clusterRegistry: { locations: [registry], registrationsDir: dir },
          },
        }),
      );
      const after = await later.preProcessEntity(
        cluster() as any,
        at,
        () => {},
        registry,
      );
      expect(after.metadata.annotations).toEqual({
        'kubernetes.io/api-server': 'https://aks-30.example',
        'kubernetes.io/api-server-certificate-authority': 'Q0E=',
        'kubernetes.io/auth-provider': 'azure',
        'trinity.io/prometheus-url': 'https://prom-30.example',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('links the cluster runbooks from its page, once, beside its own links', async () => {
    const own = cluster();
    (own.metadata as any).links = [
      { url: 'https://status.example/aks', title: 'Status' },
      {
        url: 'http://localhost:7007/docs/default/system/trinity/runbooks/cluster-down/',
      },
    ];
    const result = await processor.preProcessEntity(
      own as any,
      at,
      () => {},
      registry,
    );
    expect(result.metadata.links?.map(link => link.url)).toEqual([
      'https://status.example/aks',
      'http://localhost:7007/docs/default/system/trinity/runbooks/cluster-down/',
      'http://localhost:7007/docs/default/system/trinity/runbooks/evacuate-a-cloud/',
      'http://localhost:7007/docs/default/system/trinity/runbooks/cluster-upgrade/',
    ]);
  });

  it('binds nothing for a cluster from outside the registry, and drops the endpoints it brings', async () => {
    const rogue = cluster();
    (rogue.metadata as any).annotations = {
      'kubernetes.io/api-server': 'http://169.254.169.254',
      'kubernetes.io/skip-tls-verify': 'true',
      'trinity.io/argocd-url': 'http://169.254.169.254',
      'backstage.io/techdocs-ref': 'dir:.',
    };
    const result = await processor.preProcessEntity(
      rogue as any,
      at,
      () => {},
      elsewhere,
    );
    expect(result.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
    });
    // From the registry, config's endpoints replace what it brings.
    const bound = await processor.preProcessEntity(
      rogue as any,
      at,
      () => {},
      registry,
    );
    expect(bound.metadata.annotations?.['kubernetes.io/api-server']).toBe(
      'http://127.0.0.1:7131',
    );
    expect(bound.metadata.annotations?.['kubernetes.io/skip-tls-verify']).toBe(
      undefined,
    );
  });

  it('rejects a cluster with a missing field, naming it', async () => {
    await expect(
      processor.preProcessEntity(cluster({ region: undefined }) as any, at),
    ).rejects.toThrow(
      'Cluster azure-eastus-prod-01 is not a valid registry entry: spec.region is required',
    );
  });

  it('rejects an unknown provider, naming the field and the value', async () => {
    await expect(
      processor.preProcessEntity(cluster({ provider: 'alibaba' }) as any, at),
    ).rejects.toThrow(
      'spec.provider must be one of aws, gcp, azure (got "alibaba")',
    );
  });

  it('leaves other entities alone', async () => {
    const component = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { type: 'service' },
    };
    await expect(
      processor.preProcessEntity(component as any, at),
    ).resolves.toBe(component);
  });
});

describe('cluster registry in the catalog', () => {
  const auth = { Authorization: mockCredentials.user.header() };

  it('ingests a valid cluster and refuses one with an unknown provider', async () => {
    const catalogErrors: Array<{ entity: string; message: string }> = [];
    const captureErrors = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-capture-errors',
      register(reg) {
        reg.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            await events.subscribe({
              id: 'test-capture-errors',
              topics: [CATALOG_ERRORS_TOPIC],
              async onEvent({ eventPayload }) {
                const { entity, errors } = eventPayload as {
                  entity: string;
                  errors: Array<{ message: string }>;
                };
                for (const error of errors) {
                  catalogErrors.push({ entity, message: error.message });
                }
              },
            });
          },
        });
      },
    });
    const fixtures = path.join(__dirname, '__fixtures__');
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleClusterRegistry,
        captureErrors,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              processingInterval: { seconds: 1 },
              locations: [
                { type: 'file', target: path.join(fixtures, 'clusters.yaml') },
                {
                  type: 'file',
                  target: path.join(fixtures, 'bad-provider.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(fixtures, 'rogue-cluster.yaml'),
                },
              ],
            },
            trinity: {
              clusterRegistry: {
                locations: [
                  {
                    type: 'file',
                    target: path.join(fixtures, 'clusters.yaml'),
                  },
                ],
              },
              clusters: {
                'good-cluster': {
                  kubernetes: { url: 'http://127.0.0.1:7121' },
                },
                'rogue-cluster': {
                  kubernetes: { url: 'http://127.0.0.1:7111' },
                },
              },
            },
          },
        }),
      ],
    });
    const server = backend.server;
    try {
      let good: any;
      for (let i = 0; i < 60 && !good; i++) {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/resource/default/good-cluster')
          .set(auth);
        if (res.status === 200) good = res.body;
        else await new Promise(r => setTimeout(r, 500));
      }
      expect(good.metadata.labels['trinity.io/provider']).toBe('gcp');
      // The runbook links pass the catalog's own validation.
      expect(good.metadata.links).toContainEqual(
        expect.objectContaining({ title: 'Runbook: a cluster is down' }),
      );
      expect(good.metadata.annotations['kubernetes.io/api-server']).toBe(
        'http://127.0.0.1:7121',
      );

      // Outside the registry: in the catalog, but with no endpoint at all.
      let rogue: any;
      for (let i = 0; i < 60 && !rogue; i++) {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/resource/default/rogue-cluster')
          .set(auth);
        if (res.status === 200) rogue = res.body;
        else await new Promise(r => setTimeout(r, 500));
      }
      expect(
        Object.keys(rogue.metadata.annotations).filter(k =>
          k.startsWith('kubernetes.io/'),
        ),
      ).toEqual([]);

      const bad = await request(server)
        .get(
          '/api/catalog/entities/by-name/resource/default/bad-provider-cluster',
        )
        .set(auth);
      expect(bad.status).toBe(404);

      // The catalog's error stream (logged by catalog-backend-module-logs in
      // the portal) says which cluster and which field.
      for (let i = 0; i < 60 && catalogErrors.length === 0; i++) {
        await new Promise(r => setTimeout(r, 500));
      }
      expect(catalogErrors).toContainEqual(
        expect.objectContaining({
          entity: 'resource:default/bad-provider-cluster',
          message: expect.stringContaining(
            'spec.provider must be one of aws, gcp, azure (got "alibaba")',
          ),
        }),
      );
    } finally {
      await backend.stop();
    }
    // A real catalog starts and ingests: 4-5 s on a loaded two-core machine.
  }, 30_000);
});
