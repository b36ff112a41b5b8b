/*
 * Boots the catalog on a real PostgreSQL server (the one ./trinity test makes
 * sure is listening on 127.0.0.1:5432), registers the repository's catalog
 * and reads entities back. Each run uses its own database prefix and drops
 * its databases afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knexFactory from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createBackendModule } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

const connection =
  process.env.TRINITY_TEST_PG_URL ??
  'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const prefix = `trinity_it_${crypto.randomBytes(4).toString('hex')}_`;
const repoRoot = path.resolve(__dirname, '../../../..');
// The catalog API accepts only `url` locations by default; the test registers
// files of this repository, as the embedded default's config does at start.
const allowFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const auth = { Authorization: mockCredentials.user.header() };

jest.setTimeout(120_000);

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('catalog on PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        allowFileLocations,
        // The real database service, not the test utils' in-memory SQLite.
        databaseServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: { client: 'pg', connection, prefix },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Group',
                    'User',
                    'Domain',
                    'Template',
                  ],
                },
              ],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    const admin = knexFactory({ client: 'pg', connection });
    try {
      const { rows } = await admin.raw(
        'SELECT datname FROM pg_database WHERE datname LIKE ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
      }
    } finally {
      await admin.destroy();
    }
  });

  it('stores its tables in PostgreSQL', async () => {
    const db = knexFactory({
      client: 'pg',
      connection: Object.assign(new URL(connection), {
        pathname: `/${prefix}catalog`,
      }).toString(),
    });
    try {
      const { rows } = await db.raw(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'final_entities'",
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('registers the repository catalog and reads entities back', async () => {
    const target = path.join(repoRoot, 'catalog/all.yaml');
    const created = await request(server)
      .post('/api/catalog/locations')
      .set(auth)
      .send({ type: 'file', target });
    expect(created.body).toMatchObject({ location: { target } });
    expect(created.status).toBe(201);

    const api = await until(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/storefront-api')
        .set(auth);
      return res.status === 200 ? res.body : undefined;
    });
    expect(api.spec).toMatchObject({
      owner: 'group:default/team-storefront',
      system: 'storefront',
    });

    const guest = await until(async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/user/default/guest')
        .set(auth);
      return res.status === 200 ? res.body : undefined;
    });
    expect(guest.spec.memberOf).toEqual(['team-storefront']);
  });

  it('rejects a malformed catalog file at registration with the file and line', async () => {
    const target = path.join(__dirname, 'fixtures/malformed.yaml');
    const dryRun = await request(server)
      .post('/api/catalog/locations?dryRun=true')
      .set(auth)
      .send({ type: 'file', target });
    expect(dryRun.status).toBe(400);
    expect(dryRun.body.error.name).toBe('InputError');
    expect(dryRun.body.error.message).toContain('malformed.yaml');
    expect(dryRun.body.error.message).toMatch(/YAML.*line 7/s);
  });

  it('shows a catalog file broken after registration as an error on its location, and keeps serving', async () => {
    // A location like catalog/all.yaml whose second file is later broken by a
    // bad merge: the catalog keeps the last good entities and records why.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-catalog-'));
    const component = (name: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-search\n`;
    fs.writeFileSync(
      path.join(dir, 'location.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: fixture-location\nspec:\n  targets: [./first.yaml, ./second.yaml]\n',
    );
    fs.writeFileSync(path.join(dir, 'first.yaml'), component('first-fixture'));
    fs.writeFileSync(
      path.join(dir, 'second.yaml'),
      component('second-fixture'),
    );

    const created = await request(server)
      .post('/api/catalog/locations')
      .set(auth)
      .send({ type: 'file', target: path.join(dir, 'location.yaml') });
    expect(created.status).toBe(201);
    const byName = (kind: string, name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
        .set(auth);
    await until(async () =>
      (await byName('component', 'second-fixture')).status === 200
        ? true
        : undefined,
    );

    fs.copyFileSync(
      path.join(__dirname, 'fixtures/malformed.yaml'),
      path.join(dir, 'second.yaml'),
    );

    const error = await until(async () => {
      const res = await byName('location', 'fixture-location');
      return res.body?.status?.items?.[0]?.error;
    });
    expect(error.message).toContain('second.yaml');
    expect(error.message).toMatch(/YAML/);
    expect((await byName('component', 'first-fixture')).status).toBe(200);
    expect((await byName('system', 'storefront')).status).toBe(200);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
