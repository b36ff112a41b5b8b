/*
 * The backend the API snapshot records: the authorization matrix's backend
 * (the same startPortalBackend, ../../authorization/__testUtils__/
 * portalBackend.ts), on a demo fleet and forge narrowed to what the snapshot
 * needs and made repeatable:
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
import { mockCredentials } from '@backstage/backend-test-utils';
import { startDemoFleet, DemoFleet } from '@internal/demo-fleet';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  products,
  productTree,
  repoRoot,
  tempDir,
} from '../../authorization/__testUtils__/fixtures';
import { until } from '../../authorization/__testUtils__/until';
import {
  APP_BASE_URL,
  CLONE_BASE_URL,
  startPortalBackend,
} from '../../authorization/__testUtils__/portalBackend';

/** Ports 18700-18780: no other test of the repository uses them. */
export const BASE_PORT = 18700;
/** The demo fleet's default seed: the fleet `yarn dev` shows. */
export const SEED = 'trinity';
/** The demo fleet's clock, pinned: its metrics are a function of time. */
export const DEMO_NOW = new Date('2025-06-02T10:00:00.000Z');

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
  let backend: Awaited<ReturnType<typeof startPortalBackend>> | undefined;
  try {
    fleet = await startDemoFleet({
      basePort: BASE_PORT,
      seed: SEED,
      now: () => DEMO_NOW,
    });
    const demo = fleet;
    backend = await startPortalBackend({
      demo,
      basePort: BASE_PORT,
      forgeDir,
      infraSeed: path.join(repoRoot, 'infra'),
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
