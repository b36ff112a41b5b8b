/*
 * The portal's backend as the authorization matrix and the API snapshot run
 * it: every plugin and module of packages/backend with the production-wiring
 * stand-ins of wiring.ts, on the demo fleet, a local forge seeded with the
 * infra repo, and PowerDNS and Argo CD tokens of the demo. One place, so the
 * two tests cannot drift apart on what "the portal" is.
 */
import path from 'node:path';
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
import { DemoFleet } from '@internal/demo-fleet';
import scaffolderModuleTrinity from '@internal/plugin-scaffolder-backend-module-trinity';
import forgePlugin from '@internal/plugin-forge-backend';
import catalogModuleForge from '@internal/plugin-catalog-backend-module-forge';
import { INFRA_REPO, repoRoot } from './fixtures';
import { ARGOCD_READ, ARGOCD_WRITE, PDNS_KEY } from './demoFleet';
import {
  authKeepingActor,
  kubernetesProxyStandIn,
  userInfoFromOrg,
} from './wiring';

export const APP_BASE_URL = 'http://localhost:3000';
export const CLONE_BASE_URL = 'https://git.trinity.example';

type FileLocation = {
  type: 'file';
  target: string;
  rules: Array<{ allow: string[] }>;
};

export function startPortalBackend(options: {
  demo: DemoFleet;
  /** The demo fleet's base port (its ingresses answer on base + 80). */
  basePort: number;
  /** The local forge's directory (its repositories already created). */
  forgeDir: string;
  /** The directory the infra repo is seeded from. */
  infraSeed: string;
  /** Catalog files only this test needs (a user of its own, say). */
  extraLocations?: FileLocation[];
}) {
  const { demo } = options;
  const registry = path.join(repoRoot, 'infra/registry/*.yaml');
  return startTestBackend({
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
      kubernetesProxyStandIn(() => options.demo),
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
              ...(options.extraLocations ?? []),
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
            // The templates name product images after the platform registry
            // (app-config.yaml's value); without it new-product refuses to run.
            images: { registry: 'registry.trinity.example' },
            forge: {
              type: 'local',
              cloneBaseUrl: CLONE_BASE_URL,
              infraRepo: INFRA_REPO,
              local: {
                directory: options.forgeDir,
                seed: [{ repo: INFRA_REPO, from: options.infraSeed }],
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
                healthCheck: { port: options.basePort + 80, timeoutMs: 500 },
              },
            },
          },
        },
      }),
    ],
  });
}
