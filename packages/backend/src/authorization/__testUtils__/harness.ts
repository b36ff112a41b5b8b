/*
 * One in-process backend with the portal's real plugins — permission backend
 * with the Trinity policy, catalog with the forge's module, Scaffolder with
 * Trinity's module, the forge backend, traffic, fleet — against the demo fleet (Argo CD, Kubernetes,
 * Prometheus, PowerDNS on loopback), and the actions of the authorization
 * matrix as HTTP requests a signed-in user (or nobody) makes.
 *
 * What is not the production wiring, and why:
 * - Sign-in: mock credentials (`mockCredentials.user.header(ref)`); a
 *   request without a header is unauthenticated (mock httpAuth with
 *   `mockCredentials.none()` as its default).
 * - userInfo, auth, and the core Kubernetes plugin's proxy: stand-ins, each
 *   with its reason in wiring.ts.
 * - events: Backstage's own events service, in-process only
 *   (`events.useEventBus: never`; the portal has no events backend either,
 *   and the test backend's default mock would give each plugin its own
 *   bus).
 *
 * This file starts that backend (startMatrix). The rest lives beside it by
 * concern — wiring.ts (the stand-ins), demoFleet.ts (the demo fleet's
 * ports, tokens, and what is set and read at its sources), outcome.ts (a
 * response as allow or deny), scaffolder.ts (templates and tasks),
 * until.ts — and what the matrix and its actions use is re-exported here.
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
import { startDemoFleet, DemoFleet, services } from '@internal/demo-fleet';
import scaffolderModuleTrinity from '@internal/plugin-scaffolder-backend-module-trinity';
import forgePlugin from '@internal/plugin-forge-backend';
import catalogModuleForge from '@internal/plugin-catalog-backend-module-forge';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  INFRA_REPO,
  ProductId,
  adaYaml,
  infraSeed,
  productTree,
  products,
  repoRoot,
  tempDir,
} from './fixtures';
import {
  ARGOCD_READ,
  ARGOCD_WRITE,
  BASE_PORT,
  PDNS_KEY,
  moveWalletAppsToTeamProject,
  publishEntryPoint,
  walletServices,
} from './demoFleet';
import { until } from './until';
import {
  authKeepingActor,
  kubernetesProxyStandIn,
  userInfoFromOrg,
} from './wiring';

export { BASE_PORT, CLUSTER, autoSync, powerDnsWeights } from './demoFleet';
export { decisionOf, headersOf } from './outcome';
export type { Decision, Outcome } from './outcome';
export { directoryContents, runTask, templateFile } from './scaffolder';
export type { TaskResult } from './scaffolder';

const APP_BASE_URL = 'http://localhost:3000';
const CLONE_BASE_URL = 'https://git.trinity.example';

export type Matrix = Awaited<ReturnType<typeof startMatrix>>;

/**
 * Starts the demo fleet and the backend, with a forge holding the infra repo
 * (plus the wallet's tenant) and both products' repositories, and waits
 * until the catalog has both products, their tenants and entry points.
 */
export async function startMatrix() {
  const tmp = tempDir('trinity-matrix-');
  const forgeDir = path.join(tmp.dir, 'forge');
  const seed = infraSeed(tmp.dir);
  const forge = new LocalForge({
    directory: forgeDir,
    cloneBaseUrl: CLONE_BASE_URL,
    appBaseUrl: APP_BASE_URL,
  });
  for (const id of Object.keys(products) as ProductId[]) {
    const tree = productTree(tmp.dir, id);
    await forge.createRepo(products[id].repo, tree, {
      message: `Create ${products[id].repo}`,
      author: { name: 'Trinity', email: 'trinity@users.noreply.invalid' },
    });
    fs.rmSync(tree, { recursive: true, force: true });
  }
  const adaFile = path.join(tmp.dir, 'ada.yaml');
  fs.writeFileSync(adaFile, adaYaml);

  let fleet: DemoFleet | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    fleet = await startDemoFleet({
      basePort: BASE_PORT,
      seed: 'authorization-matrix',
      services: [...services, ...walletServices],
    });
    const demo = fleet;
    await publishEntryPoint(demo, products.wallet.hostname);
    await moveWalletAppsToTeamProject(demo);

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
                  target: adaFile,
                  rules: [{ allow: ['User'] }],
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
                  seed: [{ repo: INFRA_REPO, from: seed }],
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
    'system:default/wallet',
    'resource:default/tenant-storefront',
    'resource:default/tenant-wallet',
    'resource:default/shop.trinity.example',
    'resource:default/pay.trinity.example',
    'user:default/ada',
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

  return { server, fleet: running, forge, stop };
}
