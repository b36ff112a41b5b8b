/*
 * The portal backend a `bench/scale.ts` round measures, in its own process
 * (so its RSS is its own): the fleet plugin with its Argo CD, SLO and
 * Kubernetes sources, a catalog holding the scaled fleet's registry and
 * products (`scaleCatalog`, the same generator as the fleet), the
 * background refresher on, reading the fleet the parent runs; and the core
 * Kubernetes plugin, whose proxy the fleet's Kubernetes reads go through
 * and whose entity endpoint the bench measures beside the fleet's. Prints
 * `{"port":…}` once it listens. Not run on its own.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import fleetPlugin from '@internal/plugin-fleet-backend';
import argocdModule from '@internal/plugin-fleet-backend-module-argocd';
import sloModule from '@internal/plugin-fleet-backend-module-slo';
import kubernetesModule from '@internal/plugin-fleet-backend-module-kubernetes';
import {
  generateScaleFleet,
  scaleCatalog,
  SCALE_ARGOCD_TOKEN,
} from '@internal/demo-fleet';

/**
 * With SCALE_PROFILE=<file>, a CPU profile of the whole run is written there
 * when the bench stops this process (open it in Chrome's DevTools): where a
 * slow overview spends its time.
 */
function profileUntilStopped(file: string) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () =>
    session.post('Profiler.start', () => undefined),
  );
  process.once('SIGTERM', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
      process.exit(0);
    }),
  );
}

async function main() {
  if (process.env.SCALE_PROFILE) profileUntilStopped(process.env.SCALE_PROFILE);
  const fleetUrl = process.env.SCALE_FLEET_URL!;
  const shape = generateScaleFleet({
    clusters: Number(process.env.SCALE_CLUSTERS),
    products: Number(process.env.SCALE_PRODUCTS),
  });
  const urls = (cluster: string) => ({
    kubernetes: `${fleetUrl}/clusters/${cluster}/kubernetes`,
    prometheus: `${fleetUrl}/clusters/${cluster}/prometheus`,
  });
  const backend = await startTestBackend({
    features: [
      // The real scheduler (the test backend's runs nothing by itself):
      // the refresher's rounds are part of what is measured.
      schedulerServiceFactory,
      fleetPlugin,
      argocdModule,
      sloModule,
      kubernetesModule,
      // The core Kubernetes plugin itself, as the portal runs it: its proxy
      // serves the fleet's Kubernetes reads, and its entity endpoint is
      // measured beside the fleet's on the same clusters.
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({
        entities: scaleCatalog({ shape, urls }),
      }),
      mockServices.rootConfig.factory({
        data: {
          // Every cluster by config (the portal reads the same from the
          // catalog's registry, which this test backend serves only to
          // plugins, not over HTTP as that locator asks it).
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: shape.clusters.map(cluster => ({
                  name: cluster.name,
                  url: urls(cluster.name).kubernetes,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'scale-fleet',
                  skipTLSVerify: true,
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
          trinity: {
            argocd: {
              central: {
                url: `${fleetUrl}/argocd`,
                readToken: SCALE_ARGOCD_TOKEN,
              },
            },
            fleet: {
              // As production pairs them: a cell is fresh for one round.
              cache: {
                freshSeconds: Number(process.env.SCALE_REFRESH_SECONDS),
              },
              refresh: {
                intervalSeconds: Number(process.env.SCALE_REFRESH_SECONDS),
              },
            },
          },
        },
      }),
    ],
  });
  process.stdout.write(`${JSON.stringify({ port: backend.server.port() })}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
