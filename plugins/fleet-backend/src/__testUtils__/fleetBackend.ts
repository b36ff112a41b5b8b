/*
 * The fleet backend end to end: the plugin with the Argo CD and SLO source
 * modules, a catalog holding the cluster registry, and the demo fleet playing
 * the three clusters on loopback.
 *
 * Shared by the plugin.*.test.ts files: each calls `fleetTest(base)` once at
 * its top level with its own base port (the demo fleet takes base to
 * base + 80), so that Jest can run the files side by side.
 */
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import {
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernetesProxyStandIn,
  startDemoFleet,
  DemoFleet,
  DemoFleetOptions,
} from '@internal/demo-fleet';
import argocdModule from '@internal/plugin-fleet-backend-module-argocd';
import sloModule from '@internal/plugin-fleet-backend-module-slo';
import kubernetesModule from '@internal/plugin-fleet-backend-module-kubernetes';
import { fleetPlugin } from '../plugin';

// Room for a cold read on a loaded two-core CI machine; the slow-cluster
// test's latency (5 s) stays well above it.
export const DEADLINE = 3000;

const clusterEntity = (
  base: number,
  name: string,
  provider: string,
  index: number,
  kubernetesVersion: string,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    title: name.toUpperCase(),
    annotations: {
      'kubernetes.io/api-server': `http://127.0.0.1:${base + 11 + index * 10}`,
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'localKubectlProxy',
      'trinity.io/argocd-url': `http://127.0.0.1:${base + 12 + index * 10}`,
      'trinity.io/argocd-ui-url': `http://127.0.0.1:${base + 12 + index * 10}`,
      'trinity.io/prometheus-url': `http://127.0.0.1:${base + 13 + index * 10}`,
    },
  },
  spec: {
    type: 'kubernetes-cluster',
    provider,
    region: 'r',
    upgradeRing: `ring-${index}`,
    kubernetesVersion,
  },
});

const storefrontApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-api',
    namespace: 'default',
    annotations: {
      'trinity.io/clusters':
        'aws-use1-prod-01,gcp-euw1-prod-01,azure-eastus-prod-01',
      'trinity.io/argocd-app-selector': 'app.kubernetes.io/name=storefront-api',
      'trinity.io/sloth-service': 'storefront-api',
      'backstage.io/kubernetes-id': 'storefront-api',
      'backstage.io/kubernetes-namespace': 'storefront',
    },
  },
  spec: { type: 'service', owner: 'team-storefront' },
};

export const storefront = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    namespace: 'default',
    title: 'Storefront',
    annotations: {
      'trinity.io/clusters':
        'aws-use1-prod-01,gcp-euw1-prod-01,azure-eastus-prod-01',
      'trinity.io/argocd-app-selector': 'app.kubernetes.io/part-of=storefront',
      'trinity.io/sloth-service': 'storefront-web,storefront-api',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/part-of=storefront',
      'backstage.io/kubernetes-namespace': 'storefront',
      'trinity.io/entry-point': 'shop.trinity.example',
      'trinity.io/data-mode': 'replicated',
    },
  },
  spec: { owner: 'team-storefront' },
};

const registry = (base: number) => [
  storefront,
  clusterEntity(base, 'aws-use1-prod-01', 'aws', 0, '1.33'),
  clusterEntity(base, 'gcp-euw1-prod-01', 'gcp', 1, '1.33'),
  // The demo's azure API server reports 1.32: the registry is behind.
  clusterEntity(base, 'azure-eastus-prod-01', 'azure', 2, '1.31'),
  storefrontApi,
];

/*
 * The core Kubernetes plugin's proxy loads @kubernetes/client-node with a
 * dynamic ESM import that Jest cannot run, so a stand-in (from the demo
 * fleet) serves the same contract. The real plugin is exercised by the
 * browser test on the running portal.
 */

export const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
export const path = '/api/fleet/entities/component/default/storefront-api';

/**
 * Registers the test file's hooks: the demo fleet on `base` for the whole
 * file (with its real Prometheus per cluster; `failing`: clusters failing
 * since before it started), its scenarios reset after each test to how it
 * started. `backend()` starts a backend against it; `fleet` is the running
 * demo fleet.
 */
export function fleetTest(
  base: number,
  fleetOptions: Pick<DemoFleetOptions, 'failing'> = {},
) {
  let fleet: DemoFleet;
  const entities = registry(base);
  const tokens = Object.fromEntries(
    entities
      .filter(e => e.kind === 'Resource')
      .map(e => [
        e.metadata.name,
        { argocd: { readToken: 'demo-fleet-argocd-read' } },
      ]),
  );

  const standIn = kubernetesProxyStandIn(() => fleet);

  async function backend(
    options: {
      deny?: boolean;
      /** Receives the plugin's signals (else the default service). */
      signals?: SignalsService;
      /** Cells' freshness (60 s unless told). */
      freshSeconds?: number;
      /** How long one cluster list serves every cell (the default unless told). */
      clusterReadSeconds?: number;
      /** The events service the plugin subscribes with (else the default). */
      events?: EventsService;
      /** More plugins beside it (the MCP server, for the actions test). */
      features?: Parameters<typeof startTestBackend>[0]['features'];
      /** More catalog entities beside the registry and storefront. */
      entities?: Entity[];
    } = {},
  ) {
    return startTestBackend({
      features: [
        ...(options.features ?? []),
        fleetPlugin,
        argocdModule,
        sloModule,
        kubernetesModule,
        standIn,
        catalogServiceMock.factory({
          entities: [...entities, ...(options.entities ?? [])],
        }),
        mockServices.rootConfig.factory({
          data: {
            // The actions agents call (the MCP server lists these).
            backend: { actions: { pluginSources: ['fleet'] } },
            trinity: {
              clusters: tokens,
              fleet: {
                deadlineMs: DEADLINE,
                cache: { freshSeconds: options.freshSeconds ?? 60 },
                clusterReadSeconds: options.clusterReadSeconds,
                // The tests read what they need; no refresher in between.
                refresh: { intervalSeconds: 0 },
              },
            },
          },
        }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
        ...(options.signals
          ? [
              createServiceFactory({
                service: signalsServiceRef,
                deps: {},
                factory: () => options.signals!,
              }),
            ]
          : []),
        ...(options.events
          ? [
              createServiceFactory({
                service: eventsServiceRef,
                deps: {},
                factory: () => options.events!,
              }),
            ]
          : []),
      ],
    });
  }

  beforeAll(async () => {
    fleet = await startDemoFleet({
      basePort: base,
      seed: 'fleet-test',
      ...fleetOptions,
    });
    // Processes, and three Prometheus with days of history: seconds, more
    // on a loaded CI machine.
  }, 120_000);
  afterAll(() => fleet?.stop());
  afterEach(() => fleet.scenarios.reset());

  return {
    backend,
    get fleet() {
      return fleet;
    },
  };
}

/**
 * GET `url` again until no cell in the answer says it did not answer: a
 * cold read that misses the deadline on a loaded machine goes on in the
 * background and fills the cache. For tests that check what the cells say,
 * not how fast a cold read is (the deadline has its own test).
 */
export async function settled(
  server: Parameters<typeof request>[0],
  url: string,
): Promise<request.Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await request(server).get(url).set(user);
    const silent = /did not answer/.test(JSON.stringify(res.body));
    if (!silent || Date.now() > deadline) return res;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
