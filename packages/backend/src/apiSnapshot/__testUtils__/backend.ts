/*
 * The backend the API snapshot records: the authorization matrix's backend
 * (../../authorization/__testUtils__/harness.ts — its plugins and config,
 * copied here, and its production-wiring stand-ins, imported from wiring.ts),
 * narrowed to what the snapshot needs and made repeatable:
 *
 * - Its own ports (18700-18780), so it runs beside the matrix (18600-18680)
 *   when Jest runs both files at once.
 * - The demo fleet as `yarn dev` plays it: the default seed (`trinity`) and
 *   services (the storefront only, no wallet fixture), and a pinned clock,
 *   so that the Prometheus series it serves — replicas, error ratios,
 *   headroom — are the same numbers on every run.
 * - The forge holds the repository's infra/ as the infra repo and the
 *   storefront's repository as new-product renders it; no second product,
 *   no second admin.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import roadieUtils from '@roadiehq/scaffolder-backend-module-utils';
import trinityPolicy from '@internal/plugin-permission-backend-module-trinity-policy';
import clusterRegistry from '@internal/plugin-catalog-backend-module-cluster-registry';
import trafficPlugin from '@internal/plugin-traffic-backend';
import powerDnsModule from '@internal/plugin-traffic-backend-module-powerdns';
import fleetPlugin from '@internal/plugin-fleet-backend';
import fleetArgoCd from '@internal/plugin-fleet-backend-module-argocd';
import fleetKubernetes from '@internal/plugin-fleet-backend-module-kubernetes';
import fleetSlo from '@internal/plugin-fleet-backend-module-slo';
import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import scaffolderModuleTrinity from '@internal/plugin-scaffolder-backend-module-trinity';
import forgePlugin from '@internal/plugin-forge-backend';
import catalogModuleForge from '@internal/plugin-catalog-backend-module-forge';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  INFRA_REPO,
  products,
  productTree,
  repoRoot,
  tempDir,
} from '../../authorization/__testUtils__/fixtures';
import {
  authKeepingActor,
  kubernetesProxyStandIn,
  userInfoFromOrg,
} from '../../authorization/__testUtils__/wiring';
import { until } from '../../authorization/__testUtils__/until';

/** Ports 18700-18780: no other test of the repository uses them. */
export const BASE_PORT = 18700;
/** The demo fleet's default seed: the fleet `yarn dev` shows. */
export const SEED = 'trinity';
/** The demo fleet's clock, pinned: its metrics are a function of time. */
export const DEMO_NOW = new Date('2025-06-02T10:00:00.000Z');
const APP_BASE_URL = 'http://localhost:3000';
const CLONE_BASE_URL = 'https://git.trinity.example';
const PDNS_KEY = 'demo-fleet-pdns-key';
const ARGOCD_READ = 'demo-fleet-argocd-read';
const ARGOCD_WRITE = 'demo-fleet-argocd-token';

export type SnapshotBackend = Awaited<ReturnType<typeof startSnapshotBackend>>;

/**
 * Starts the demo fleet and the backend, and waits until the catalog has the
 * storefront (from the forge), its tenant and entry point (from the infra
 * repo), the templates and every cluster bound to its endpoints.
 */
export async function startSnapshotBackend() {
  const tmp = tempDir('trinity-api-snapshot-');
  const forgeDir = path.join(tmp.dir, 'forge');
  const forge = new LocalForge({
    directory: forgeDir,
    cloneBaseUrl: CLONE_BASE_URL,
    appBaseUrl: APP_BASE_URL,
  });
  const { storefront } = products;
  const tree = productTree(tmp.dir, 'storefront');
  await forge.createRepo(storefront.repo, tree, {
    message: `Create ${storefront.repo}`,
    author: { name: 'Trinity', email: 'trinity@users.noreply.invalid' },
  });
  fs.rmSync(tree, { recursive: true, force: true });

  let fleet: DemoFleet | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    fleet = await startDemoFleet({
      basePort: BASE_PORT,
      seed: SEED,
      now: () => DEMO_NOW,
    });
    const demo = fleet;
    const registry = path.join(repoRoot, 'infra/registry/*.yaml');
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        trinityPolicy,
        catalogPlugin,
        scaffolderEntityModel,
        clusterRegistry,
        catalogModuleForge,
        scaffolderPlugin,
        scaffolderModuleTrinity,
        forgePlugin,
        roadieUtils,
        trafficPlugin,
        powerDnsModule,
        fleetPlugin,
        fleetArgoCd,
        fleetKubernetes,
        fleetSlo,
        kubernetesProxyStandIn(() => demo),
        // One bus for every plugin: the forge's repo-changed events reach
        // the catalog, as in the portal.
        eventsServiceFactory,
        userInfoFromOrg(),
        authKeepingActor,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: APP_BASE_URL },
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            // In-process only: no events backend to reach.
            events: { useEventBus: 'never' },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                { allow: ['Component', 'System', 'API', 'Location', 'Domain'] },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog/org.yaml'),
                  rules: [{ allow: ['Group', 'User'] }],
                },
                {
                  type: 'file',
                  target: registry,
                  rules: [{ allow: ['Resource'] }],
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/all.yaml'),
                  rules: [{ allow: ['Template', 'Location'] }],
                },
              ],
            },
            scaffolder: {
              defaultAuthor: {
                name: 'Trinity',
                email: 'trinity@users.noreply.invalid',
              },
            },
            trinity: {
              fleet: { deadlineMs: 3000 },
              forge: {
                type: 'local',
                cloneBaseUrl: CLONE_BASE_URL,
                infraRepo: INFRA_REPO,
                local: {
                  directory: forgeDir,
                  seed: [
                    { repo: INFRA_REPO, from: path.join(repoRoot, 'infra') },
                  ],
                },
              },
              publicZones: [
                {
                  name: 'trinity.example',
                  zoneId: 'Z0TRINITYEXAMPLE0000001',
                  provider: 'powerdns',
                },
              ],
              clusterRegistry: {
                locations: [{ type: 'file', target: registry }],
              },
              clusters: Object.fromEntries(
                demo.clusters.map((c, i) => [
                  c.name,
                  {
                    kubernetes: {
                      url: demo.urls(c.name).kubernetes,
                      authProvider: 'localKubectlProxy',
                    },
                    argocd: {
                      url: demo.urls(c.name).argocd,
                      readToken: ARGOCD_READ,
                      writeToken: ARGOCD_WRITE,
                    },
                    prometheus: { url: demo.urls(c.name).prometheus },
                    ingress: `127.0.0.${11 + i}`,
                  },
                ]),
              ),
              traffic: {
                defaultProvider: 'powerdns',
                cooldownSeconds: 0,
                powerdns: {
                  url: demo.powerDnsUrl,
                  apiKey: PDNS_KEY,
                  zone: 'trinity.example',
                  healthCheck: { port: BASE_PORT + 80, timeoutMs: 500 },
                },
              },
            },
          },
        }),
      ],
    });
  } catch (e) {
    await backend?.stop();
    await fleet?.stop();
    tmp.remove();
    throw e;
  }
  const server = backend.server;
  const running = fleet;
  const started = backend;
  const stop = async () => {
    await started.stop();
    await running.stop();
    tmp.remove();
  };

  const ready = [
    'system:default/storefront',
    'component:default/storefront-api',
    'resource:default/tenant-storefront',
    'resource:default/shop.trinity.example',
    'template:default/new-product',
    'template:default/new-service',
    'template:default/new-cluster',
    ...running.clusters.map(c => `resource:default/${c.name}`),
  ];
  try {
    await until(
      'the catalog',
      async () => {
        const res = await request(server)
          .post('/api/catalog/entities/by-refs')
          .set('Authorization', mockCredentials.service.header())
          .send({ entityRefs: ready });
        const items = (res.body.items ?? []) as any[];
        const systemsFromForge = items
          .filter(e => e?.kind === 'System')
          .every(e => e.metadata.annotations?.['trinity.io/source-repo']);
        const clustersBound = items
          .filter(
            e =>
              e?.kind === 'Resource' && e.spec?.type === 'kubernetes-cluster',
          )
          .every(e => e.metadata.annotations?.['trinity.io/argocd-url']);
        return items.length === ready.length &&
          items.every(Boolean) &&
          systemsFromForge &&
          clustersBound
          ? true
          : undefined;
      },
      60_000,
    );
  } catch (e) {
    await stop();
    throw e;
  }

  return { server, fleet: running, forge, repoRoot, tmpDir: tmp.dir, stop };
}
