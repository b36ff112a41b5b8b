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
import { mockCredentials } from '@backstage/backend-test-utils';
import { startDemoFleet, DemoFleet, services } from '@internal/demo-fleet';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  ProductId,
  adaYaml,
  infraSeed,
  productTree,
  products,
  tempDir,
} from './fixtures';
import {
  BASE_PORT,
  moveWalletAppsToTeamProject,
  publishEntryPoint,
  walletServices,
} from './demoFleet';
import { until } from './until';
import {
  APP_BASE_URL,
  CLONE_BASE_URL,
  startPortalBackend,
} from './portalBackend';

export { BASE_PORT, CLUSTER, autoSync, powerDnsWeights } from './demoFleet';
export { decisionOf, headersOf } from './outcome';
export type { Decision, Outcome } from './outcome';
export { directoryContents, runTask, templateFile } from './scaffolder';
export type { TaskResult } from './scaffolder';

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
  let backend: Awaited<ReturnType<typeof startPortalBackend>> | undefined;
  try {
    fleet = await startDemoFleet({
      basePort: BASE_PORT,
      seed: 'authorization-matrix',
      services: [...services, ...walletServices],
      // Who may do what, not what the SLOs say: no Prometheus (the wallet's
      // services here are the matrix's, not a product the fleet can run).
      prometheus: false,
    });
    const demo = fleet;
    await publishEntryPoint(demo, products.wallet.hostname);
    await moveWalletAppsToTeamProject(demo);

    backend = await startPortalBackend({
      demo,
      basePort: BASE_PORT,
      forgeDir,
      infraSeed: seed,
      extraLocations: [
        { type: 'file', target: adaFile, rules: [{ allow: ['User'] }] },
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
