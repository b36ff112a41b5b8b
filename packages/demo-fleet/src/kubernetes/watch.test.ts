import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import express from 'express';
import { clusters, services } from '../fleet';
import { generateScaleFleet } from '../scale/generate';
import { startScaleFleet } from '../scale/server';
import { healthy, Scenario } from '../scenario';
import { startDemoFleet } from '../server';
import { KubeObject } from './kubeObject';
import { clusterObjects } from './objects';
import { kubernetesRouter, KubernetesRouter } from './router';
import { WatchOptions } from './watch';

/** Watch output as upstream Kubernetes documents it (sources in the file). */
const upstream = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '__fixtures__/watch/upstream-watch-events.json'),
    'utf8',
  ),
) as {
  events: Array<{ type: string; object: any }>;
  expired: { type: string; object: any };
};

/** An open watch: its status, the events read so far, and its end. */
interface Stream {
  status: number;
  contentType: string;
  transferEncoding: string;
  events: Array<{ type: string; object: any }>;
  /** Resolves when the response closes: `complete` when it ended cleanly. */
  closed: Promise<{ complete: boolean }>;
  waitFor(
    predicate: (events: Stream['events']) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  close(): void;
}

const sleep = (ms: number) =>
  new Promise(resolve => {
    setTimeout(resolve, ms);
  });

function openWatch(url: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, res => {
      const events: Stream['events'] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.trim()) events.push(JSON.parse(line));
          newline = buffer.indexOf('\n');
        }
      });
      res.on('error', () => {});
      const closed = new Promise<{ complete: boolean }>(done => {
        res.on('close', () => done({ complete: res.complete }));
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type']),
        transferEncoding: String(res.headers['transfer-encoding']),
        events,
        closed,
        async waitFor(predicate, timeoutMs = 3000) {
          const until = Date.now() + timeoutMs;
          while (!predicate(events)) {
            if (Date.now() > until) {
              throw new Error(
                `timed out; events so far: ${JSON.stringify(events)}`,
              );
            }
            await sleep(10);
          }
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', error => {
      if (!request.destroyed) reject(error);
    });
  });
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

const pod = (
  name: string,
  labels: Record<string, string> = { app: 'web' },
  phase = 'Running',
  namespace = 'shop',
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  status: { phase },
});

const FAST: WatchOptions = {
  watchTickMs: 25,
  bookmarkMs: 150,
  tooLargeWaitMs: 100,
  historyEvents: 6,
};

describe('the stand-in Kubernetes API serves watches', () => {
  let state: KubeObject[];
  let calls: number;
  let router: KubernetesRouter;
  let server: http.Server;
  let base: string;

  const start = async (options: WatchOptions = FAST) => {
    router = kubernetesRouter(
      () => {
        calls += 1;
        return structuredClone(state);
      },
      'test',
      '1.33',
      options,
    );
    const app = express();
    app.use(router);
    server = http.createServer(app);
    await new Promise<void>(resolve => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(async () => {
    calls = 0;
    state = [
      pod('web-1'),
      pod('web-2'),
      pod('db-1', { app: 'db' }),
      pod('other-1', { app: 'web' }, 'Running', 'elsewhere'),
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: { name: 'web-1', namespace: 'shop' },
        timestamp: new Date().toISOString(),
      },
    ];
    await start();
  });

  afterEach(async () => {
    router.closeWatches('end');
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const pods = `/api/v1/namespaces/shop/pods`;

  it('versions every stored object, and a list carries the current version', async () => {
    const list = await getJson(`${base}${pods}`);
    expect(list.body.metadata.resourceVersion).toBe('1');
    for (const item of list.body.items) {
      expect(item.metadata.resourceVersion).toBe('1');
    }
    state[0].status = { phase: 'Failed' };
    const again = await getJson(`${base}${pods}`);
    expect(again.body.metadata.resourceVersion).toBe('2');
    const [changed, unchanged] = again.body.items;
    expect(changed.metadata.resourceVersion).toBe('2');
    expect(unchanged.metadata.resourceVersion).toBe('1');
    const one = await getJson(`${base}${pods}/web-1`);
    expect(one.body.metadata.resourceVersion).toBe('2');
  });

  it('from a list version: MODIFIED, ADDED and DELETED as they happen, one line each', async () => {
    const list = await getJson(`${base}${pods}`);
    const watch = await openWatch(
      `${base}${pods}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    expect(watch.status).toBe(200);
    expect(watch.contentType).toMatch(/^application\/json/);
    expect(watch.transferEncoding).toBe('chunked');
    await sleep(80);
    expect(watch.events).toEqual([]);

    state[0].status = { phase: 'Failed' };
    state.push(pod('web-3'));
    const [removed] = state.splice(1, 1);
    await watch.waitFor(events => events.length === 3);
    expect(
      watch.events.map(event => [event.type, event.object.metadata.name]),
    ).toEqual([
      ['MODIFIED', 'web-1'],
      ['ADDED', 'web-3'],
      ['DELETED', 'web-2'],
    ]);
    const versions = watch.events.map(event =>
      Number(event.object.metadata.resourceVersion),
    );
    expect(versions).toEqual([2, 3, 4]);
    // DELETED carries the last state, at the deletion's version.
    expect(watch.events[2].object.status).toEqual(removed.status);
    watch.close();
  });

  it('without resourceVersion (or "0"): ADDED for every current object first', async () => {
    for (const query of ['watch=1', 'watch=true&resourceVersion=0']) {
      const watch = await openWatch(`${base}${pods}?${query}`);
      await watch.waitFor(events => events.length === 3);
      expect(watch.events.map(event => event.type)).toEqual([
        'ADDED',
        'ADDED',
        'ADDED',
      ]);
      watch.close();
    }
  });

  it('filters by type, namespace, labelSelector and fieldSelector; a pod leaving the selector is DELETED, one entering it ADDED', async () => {
    const watch = await openWatch(
      `${base}${pods}?watch=1&labelSelector=app%3Dweb&fieldSelector=status.phase%3DRunning`,
    );
    await watch.waitFor(events => events.length === 2);
    expect(watch.events.map(event => event.object.metadata.name)).toEqual([
      'web-1',
      'web-2',
    ]);
    // Leaves the label selector: DELETED with its previous content.
    state[0].metadata.labels = { app: 'api' };
    await watch.waitFor(events => events.length === 3);
    expect(watch.events[2].type).toBe('DELETED');
    expect(watch.events[2].object.metadata.labels).toEqual({ app: 'web' });
    // Changes out of the selectors, or in another namespace: nothing.
    state[2].status = { phase: 'Failed' };
    state[3].status = { phase: 'Failed' };
    await sleep(100);
    expect(watch.events).toHaveLength(3);
    // Enters it: ADDED.
    state[2].metadata.labels = { app: 'web' };
    state[2].status = { phase: 'Running' };
    await watch.waitFor(events => events.length === 4);
    expect(watch.events[3]).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'db-1' } },
    });
    watch.close();
  });

  it('replays the changes after an older version, in order', async () => {
    const list = await getJson(`${base}${pods}`);
    state[0].status = { phase: 'Pending' };
    await getJson(`${base}${pods}`);
    state[1].status = { phase: 'Pending' };
    state.push(pod('web-3'));
    await getJson(`${base}/api/v1/pods`);
    const watch = await openWatch(
      `${base}${pods}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    await watch.waitFor(events => events.length === 3);
    expect(
      watch.events.map(event => [
        event.type,
        event.object.metadata.name,
        event.object.metadata.resourceVersion,
      ]),
    ).toEqual([
      ['MODIFIED', 'web-1', '2'],
      ['MODIFIED', 'web-2', '3'],
      ['ADDED', 'web-3', '4'],
    ]);
    watch.close();
  });

  it('answers a version older than its history with one ERROR 410 Expired, then ends', async () => {
    // The history holds six changes: eight push the first two out.
    await getJson(`${base}${pods}`);
    for (let index = 0; index < 8; index++) {
      state[0].metadata.labels = { app: 'web', round: String(index) };
      await getJson(`${base}${pods}`);
    }
    const watch = await openWatch(`${base}${pods}?watch=1&resourceVersion=1`);
    expect(await watch.closed).toEqual({ complete: true });
    expect(watch.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'too old resource version: 1 (3)',
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    // From the oldest version it still holds, the watch replays.
    const replay = await openWatch(`${base}${pods}?watch=1&resourceVersion=3`);
    await replay.waitFor(events => events.length === 6);
    replay.close();
  });

  it('answers a version it has not reached with a 504 Timeout ERROR after waiting', async () => {
    const watch = await openWatch(`${base}${pods}?watch=1&resourceVersion=999`);
    expect(await watch.closed).toEqual({ complete: true });
    expect(watch.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          code: 504,
          reason: 'Timeout',
          message: 'Timeout: Too large resource version: 999, current: 1',
          details: {
            causes: [
              {
                reason: 'ResourceVersionTooLarge',
                message: 'Too large resource version',
              },
            ],
            retryAfterSeconds: 1,
          },
        }),
      },
    ]);
  });

  it('sends BOOKMARKs only when asked, with only kind, apiVersion and resourceVersion', async () => {
    const asked = await openWatch(
      `${base}${pods}?watch=1&resourceVersion=1&allowWatchBookmarks=true`,
    );
    const plain = await openWatch(`${base}${pods}?watch=1&resourceVersion=1`);
    await asked.waitFor(events => events.length >= 2);
    expect(asked.events.slice(0, 2)).toEqual([
      {
        type: 'BOOKMARK',
        object: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { resourceVersion: '1' },
        },
      },
      {
        type: 'BOOKMARK',
        object: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { resourceVersion: '1' },
        },
      },
    ]);
    state[0].status = { phase: 'Failed' };
    await asked.waitFor(events =>
      events.some(
        event =>
          event.type === 'BOOKMARK' &&
          event.object.metadata.resourceVersion === '2',
      ),
    );
    expect(plain.events.map(event => event.type)).toEqual(['MODIFIED']);
    asked.close();
    plain.close();
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const started = Date.now();
    const watch = await openWatch(`${base}${pods}?watch=1&timeoutSeconds=1`);
    expect(await watch.closed).toEqual({ complete: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(router.openWatches()).toBe(0);
  });

  it('refuses a watch of the metrics API (405, as metrics-server serves none) and a non-numeric version (400)', async () => {
    const metrics = await getJson(
      `${base}/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?watch=1`,
    );
    expect(metrics.status).toBe(405);
    expect(metrics.body).toMatchObject({
      kind: 'Status',
      reason: 'MethodNotAllowed',
      code: 405,
      message:
        'watch is not supported on resources of kind "pods.metrics.k8s.io"',
    });
    const bad = await getJson(`${base}${pods}?watch=1&resourceVersion=abc`);
    expect(bad.status).toBe(400);
    // PodMetrics are listed, fresh, without a version.
    const list = await getJson(
      `${base}/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods`,
    );
    expect(list.body.items[0].metadata.resourceVersion).toBeUndefined();
  });

  it('builds the objects once per tick for all watchers, and not at all once none is open', async () => {
    const watches = await Promise.all(
      [1, 2, 3].map(() => openWatch(`${base}${pods}?watch=1`)),
    );
    await Promise.all(
      watches.map(watch => watch.waitFor(events => events.length === 3)),
    );
    const before = calls;
    await sleep(250);
    // 25 ms ticks: about ten passes (fewer on a busy machine), not thirty.
    expect(calls - before).toBeGreaterThanOrEqual(2);
    expect(calls - before).toBeLessThanOrEqual(13);
    for (const watch of watches) watch.close();
    await sleep(50);
    expect(router.openWatches()).toBe(0);
    const idle = calls;
    await sleep(150);
    expect(calls).toBe(idle);
  });

  it('ends every watch on closeWatches (the server stopping)', async () => {
    const watch = await openWatch(`${base}${pods}?watch=1`);
    await watch.waitFor(events => events.length === 3);
    router.closeWatches('end');
    expect(await watch.closed).toEqual({ complete: true });
  });

  it('writes events of the shape upstream Kubernetes documents', async () => {
    // Shapes: the same keys, and leaves of the same types.
    const shape = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(shape);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .sort(([one], [two]) => one.localeCompare(two))
            .map(([key, inner]) => [key, shape(inner)]),
        );
      }
      return typeof value;
    };
    const watch = await openWatch(
      `${base}${pods}?watch=1&resourceVersion=1&allowWatchBookmarks=true`,
    );
    state.push(pod('web-3'));
    await watch.waitFor(events => events.some(event => event.type === 'ADDED'));
    state[0].status = { phase: 'Failed' };
    await watch.waitFor(events =>
      events.some(event => event.type === 'MODIFIED'),
    );
    await watch.waitFor(events =>
      events.some(event => event.type === 'BOOKMARK'),
    );
    watch.close();
    for (const expected of upstream.events) {
      const actual = watch.events.find(event => event.type === expected.type)!;
      expect(Object.keys(actual).sort()).toEqual(['object', 'type']);
      expect(actual.object.kind).toBe(expected.object.kind);
      expect(actual.object.apiVersion).toBe(expected.object.apiVersion);
      expect(actual.object.metadata.resourceVersion).toMatch(/^\d+$/);
    }
    // A BOOKMARK's object: exactly kind, apiVersion and resourceVersion.
    const bookmark = watch.events.find(event => event.type === 'BOOKMARK');
    expect(shape(bookmark)).toEqual(
      shape(upstream.events.find(event => event.type === 'BOOKMARK')),
    );
    for (let index = 0; index < 8; index++) {
      state[0].metadata.labels = { app: 'web', round: String(index) };
      await getJson(`${base}${pods}`);
    }
    const expired = await openWatch(`${base}${pods}?watch=1&resourceVersion=1`);
    await expired.closed;
    expect(expired.events).toHaveLength(1);
    expect(shape(expired.events[0])).toEqual(shape(upstream.expired));
    expect(expired.events[0].object).toMatchObject({
      ...upstream.expired.object,
      message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/),
    });
  });
});

describe("the demo world's objects, watched", () => {
  // A clock that moves 3 s at every pass, from just after a 10-minute
  // step of the world (whose data moves with it).
  const T0 = Date.UTC(2026, 10, 22, 12, 0, 5);

  const scenarios: Array<[string, Partial<Scenario>]> = [
    ['healthy', {}],
    ['degraded', { degraded: true }],
    ['violations', { violations: true }],
    ['canary, aborted by its analysis', { canary: true, burning: true }],
    ['policyDrift', { policyDrift: true }],
  ];

  it.each(scenarios)(
    'no MODIFIED storm on an idle cluster (%s): nothing changes from pass to pass',
    async (_name, change) => {
      let at = T0;
      const scenario = { ...healthy, ...change };
      const [cluster] = clusters;
      const on = services.filter(
        service => !service.clusters || service.clusters.includes(cluster.name),
      );
      const router = kubernetesRouter(
        () => {
          at += 3000;
          return clusterObjects('watch', cluster, on, scenario, new Date(at));
        },
        cluster.name,
        '1.33',
        { watchTickMs: 20 },
      );
      const app = express();
      app.use(router);
      const server = http.createServer(app);
      await new Promise<void>(resolve => {
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const list = await getJson(`${base}/api/v1/events`);
      const watches = await Promise.all(
        [
          '/api/v1/pods',
          '/api/v1/events',
          '/apis/apps/v1/deployments',
          '/apis/argoproj.io/v1alpha1/rollouts',
          '/apis/wgpolicyk8s.io/v1alpha2/policyreports',
          '/apis/policies.kyverno.io/v1/policyexceptions',
        ].map(collection =>
          openWatch(
            `${base}${collection}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`,
          ),
        ),
      );
      const startedAt = at;
      await sleep(400);
      // About twenty passes at 20 ms ticks, a minute of the world's time;
      // at least five (15 s) on a busy machine.
      expect(at - startedAt).toBeGreaterThanOrEqual(15_000);
      for (const watch of watches) {
        expect(watch.events).toEqual([]);
        watch.close();
      }
      router.closeWatches('end');
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  );

  it('a scenario that changes the pods is seen as it happens', async () => {
    const scenario: Scenario = { ...healthy };
    const [cluster] = clusters;
    const on = services.filter(
      service => !service.clusters || service.clusters.includes(cluster.name),
    );
    const router = kubernetesRouter(
      () => clusterObjects('watch', cluster, on, scenario, new Date(T0)),
      cluster.name,
      '1.33',
      { watchTickMs: 20 },
    );
    const app = express();
    app.use(router);
    const server = http.createServer(app);
    await new Promise<void>(resolve => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const podsPath = '/api/v1/namespaces/storefront/pods';
    const list = await getJson(`${base}${podsPath}`);
    const watch = await openWatch(
      `${base}${podsPath}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`,
    );
    scenario.degraded = true;
    const count = list.body.items.length;
    // A new pod template: the old pods go, the new ones come.
    await watch.waitFor(
      events =>
        events.filter(event => event.type === 'DELETED').length === count &&
        events.filter(event => event.type === 'ADDED').length === count,
    );
    const gone = new Set(
      watch.events
        .filter(event => event.type === 'DELETED')
        .map(event => event.object.metadata.name),
    );
    expect(gone).toEqual(
      new Set(list.body.items.map((item: any) => item.metadata.name)),
    );
    watch.close();
    router.closeWatches('end');
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });
});

describe('a cluster going down breaks its open watches', () => {
  it('in the scale fleet: the watch is reset, counted once, and the other clusters keep theirs', async () => {
    const fleet = await startScaleFleet({
      shape: generateScaleFleet({ clusters: 2, products: 4 }),
      watch: { watchTickMs: 25 },
    });
    try {
      const [one, two] = fleet.shape.clusters.map(cluster => cluster.name);
      const query = '/api/v1/pods?watch=1';
      const dying = await openWatch(`${fleet.urls(one).kubernetes}${query}`);
      const living = await openWatch(`${fleet.urls(two).kubernetes}${query}`);
      await dying.waitFor(events => events.length > 0);
      await living.waitFor(events => events.length > 0);
      await sleep(150);
      expect(fleet.requests()[one].kubernetes).toBe(1);
      await fleet.scenarios.set(one, { down: true });
      expect(await dying.closed).toEqual({ complete: false });
      await sleep(100);
      let open = true;
      living.closed.then(() => {
        open = false;
      });
      await sleep(20);
      expect(open).toBe(true);
      await fleet.scenarios.set(one, { down: false });
      // Stopping the fleet ends the watches left.
      await fleet.stop();
      await living.closed;
    } finally {
      await fleet.stop().catch(() => {});
    }
  });

  it('in the demo fleet: the listener closing resets the watch', async () => {
    const fleet = await startDemoFleet({
      basePort: 20700,
      seed: 'watch',
      now: () => new Date(Date.UTC(2026, 10, 22, 12, 0, 5)),
      watch: { watchTickMs: 25 },
      prometheus: false,
    });
    try {
      const url = fleet.urls('aws-use1-prod-01').kubernetes;
      const watch = await openWatch(`${url}/api/v1/pods?watch=1`);
      await watch.waitFor(events => events.length > 0);
      await fleet.scenarios.set('aws-use1-prod-01', { down: true });
      expect(await watch.closed).toEqual({ complete: false });
    } finally {
      await fleet.stop();
    }
  });
});
