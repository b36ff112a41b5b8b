/*
 * The answers of the portal's APIs on the demo fleet, recorded: a change
 * that should not change what the APIs say (a refactor, a package move)
 * leaves this snapshot as it is. One backend with the real plugins
 * (__testUtils__/backend.ts: catalog, permission with the Trinity policy,
 * fleet and its modules, traffic with PowerDNS, the forge, Scaffolder with
 * Trinity's module) on the demo fleet with its default seed and a pinned
 * clock; every request is the guest's (team-storefront). Status and body
 * of each answer, with what differs between runs masked
 * (__testUtils__/mask.ts: times, ids, commits, latencies, ports, temporary
 * and repository paths).
 *
 * Whole answers are recorded, metrics included: the demo fleet's objects
 * are a function of its seed and clock, and both are fixed, so replicas
 * and headroom are the same numbers on every run. The SLOs come from each
 * cluster's real Prometheus, over the requests its services served: their
 * verdicts and windows are recorded, the burn rates and budget they
 * measured are masked (they depend on the second they were read).
 *
 * Order: arrays keep the API's order (the fleet's rows follow the
 * product's clusters, pull requests are newest first, the forge lists
 * repositories by name), except the relations of a catalog entity, whose
 * order the catalog does not promise — sorted by type and target.
 * Object keys are compared sorted (Jest's snapshot format sorts them).
 *
 * To record again after an intended change: `yarn backstage-cli package
 * test src/apiSnapshot -u` in packages/backend, and read the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { products, repoRoot } from '../authorization/__testUtils__/fixtures';
import {
  DEMO_NOW,
  SnapshotBackend,
  startSnapshotBackend,
} from './__testUtils__/backend';
import { mask } from './__testUtils__/mask';

jest.setTimeout(120_000);

const GUEST = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const TRAFFIC = '/api/traffic/entities/system/default/storefront';
const DRAINED = 'gcp-euw1-prod-01';

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: object;
  /** For an answer with an array whose order the API does not promise. */
  normalize?: (body: any) => any;
}

const byRelation = (a: any, b: any) =>
  `${a.type} ${a.targetRef}`.localeCompare(`${b.type} ${b.targetRef}`);
/** A catalog entity, its relations sorted: the catalog keeps no order. */
const entityRelationsSorted = (entity: any) =>
  entity?.relations
    ? { ...entity, relations: [...entity.relations].sort(byRelation) }
    : entity;

/** What is recorded, in this order, on one backend. */
const calls: Call[] = [
  { method: 'GET', path: '/api/fleet/entities/system/default/storefront' },
  {
    method: 'GET',
    path: '/api/fleet/entities/component/default/storefront-api',
  },
  { method: 'GET', path: '/api/fleet/overview' },
  { method: 'GET', path: `/api/fleet/clusters/${DRAINED}` },
  { method: 'GET', path: TRAFFIC },
  { method: 'GET', path: `${TRAFFIC}/sync` },
  {
    method: 'POST',
    path: `${TRAFFIC}/preview`,
    body: { kind: 'drain', cluster: DRAINED, reason: 'API snapshot' },
  },
  { method: 'GET', path: '/api/forge/repos' },
  { method: 'GET', path: '/api/forge/pulls' },
  {
    method: 'GET',
    path: '/api/catalog/entities/by-name/resource/default/tenant-storefront',
    normalize: entityRelationsSorted,
  },
  {
    method: 'GET',
    path: '/api/catalog/entities/by-name/resource/default/shop.trinity.example',
    normalize: entityRelationsSorted,
  },
];

const nameOf = (call: Call) => `${call.method} ${call.path}`;

/**
 * One open pull request on the storefront's repository, written by the
 * guest, so that the pull request list has an entry to answer with.
 */
async function openPullRequest(backend: SnapshotBackend) {
  const { repo } = products.storefront;
  const checkout = path.join(backend.tmpDir, 'checkout');
  await backend.forge.checkout(repo, checkout);
  const file = path.join(checkout, 'catalog-info.yaml');
  fs.writeFileSync(
    file,
    fs
      .readFileSync(file, 'utf8')
      .replace(
        'The web shop customers buy from.',
        'The web shop customers buy from, in every region.',
      ),
  );
  await backend.forge.openPullRequest(repo, checkout, {
    branch: 'describe-regions',
    title: 'Describe the storefront by region',
    description: 'A pull request the API snapshot lists.',
    author: {
      name: 'Guest',
      email: 'guest@users.noreply.invalid',
      ref: 'user:default/guest',
    },
  });
}

let backend: SnapshotBackend;
const answers = new Map<string, { status: number; body: unknown }>();

beforeAll(async () => {
  backend = await startSnapshotBackend();
  await openPullRequest(backend);
  // One after the other, always in the same order: a fleet answer may come
  // from the cells the one before it read.
  for (const call of calls) {
    const res =
      call.method === 'GET'
        ? await request(backend.server).get(call.path).set(GUEST)
        : await request(backend.server)
            .post(call.path)
            .set(GUEST)
            .send(call.body);
    answers.set(nameOf(call), {
      status: res.status,
      body: call.normalize ? call.normalize(res.body) : res.body,
    });
  }
});

afterAll(async () => {
  await backend?.stop();
});

describe('the API answers on the demo fleet', () => {
  it.each(calls.map(call => [nameOf(call)]))('%s', name => {
    expect(
      mask(answers.get(name), {
        repoRoot,
        tempDirs: [backend.tmpDir],
        demoNow: DEMO_NOW,
      }),
    ).toMatchSnapshot();
  });

  it('previews against the state the traffic view shows', () => {
    // The compare-and-set version is masked above; what must hold of it
    // is that the preview and the view agree.
    const view = answers.get(`GET ${TRAFFIC}`)?.body as any;
    const preview = answers.get(`POST ${TRAFFIC}/preview`)?.body as any;
    expect(preview.version).toMatch(/^[0-9a-f]+$/);
    expect(preview.version).toBe(view.state.version);
  });
});
