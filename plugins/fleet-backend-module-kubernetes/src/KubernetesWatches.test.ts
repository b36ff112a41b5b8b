import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubernetesWatches, watchPath } from './KubernetesWatches';

/**
 * A tiny API server for one collection whose watch events the test writes,
 * in the shape the API server streams them (one JSON event per line).
 */
async function apiServer(options: { watches?: boolean } = {}) {
  const requests: string[] = [];
  const streams = new Set<http.ServerResponse>();
  const state = {
    version: 5,
    items: [
      { metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '4' } },
    ] as Array<Record<string, any>>,
  };
  const server = http.createServer((req, res) => {
    requests.push(req.url!);
    const url = new URL(req.url!, 'http://localhost');
    if (url.searchParams.get('watch') === '1' && options.watches !== false) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(state.version) },
        items: state.items,
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    state,
    streams,
    emit(event: unknown) {
      for (const stream of streams) stream.write(`${JSON.stringify(event)}\n`);
    },
    endWatches() {
      for (const stream of streams) stream.end();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

type Api = Awaited<ReturnType<typeof apiServer>>;

function watchesOn(
  api: Api,
  options: {
    idleMs?: number;
    trustMs?: number;
    now?: () => number;
    alive?: () => Promise<unknown>;
  } = {},
) {
  const open = async (
    path: string,
    signal: AbortSignal,
    headers?: Record<string, string>,
  ) => {
    const res = await fetch(`${api.url}${path}`, { signal, headers });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    return res;
  };
  return new KubernetesWatches(
    (_cluster, path, signal, headers) => open(path, signal, headers),
    options.alive ?? ((_cluster, signal) => open('/version', signal)),
    {
      timeoutSeconds: 300,
      idleMs: options.idleMs ?? 60_000,
      trustMs: options.trustMs ?? 60_000,
      now: options.now,
    },
  );
}

async function until(check: () => boolean | Promise<boolean>) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 3000) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

const names = (items: unknown[]) =>
  items.map(item => (item as { metadata: { name: string } }).metadata.name);

const watchRequests = (api: Api) =>
  api.requests.filter(url => url.includes('watch=1'));

describe('KubernetesWatches', () => {
  let api: Api;
  let watches: KubernetesWatches;
  const signal = new AbortController().signal;
  const path = '/api/v1/pods?labelSelector=app.kubernetes.io%2Fpart-of';

  afterEach(async () => {
    watches?.close();
    await api?.stop();
  });

  it('lists a collection once, then answers from its watch', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    expect(names(await watches.list('aws', path, signal))).toEqual(['web-1']);
    await until(() => api.streams.size === 1);
    // The watch starts at the list's version, with bookmarks.
    expect(watchRequests(api)).toEqual([watchPath(path, '5', 300)]);
    expect(watchRequests(api)[0]).toMatch(
      /\?labelSelector=.*&watch=1&resourceVersion=5&allowWatchBookmarks=true&timeoutSeconds=300$/,
    );

    api.emit({
      type: 'ADDED',
      object: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'web-2', namespace: 'shop', resourceVersion: '6' },
      },
    });
    api.emit({
      type: 'MODIFIED',
      object: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '7' },
        status: { phase: 'Running' },
      },
    });
    await until(() => watches.size === 1);
    await until(async () => {
      const items = await watches.list('aws', path, signal);
      return items.length === 2 && JSON.stringify(items).includes('Running');
    });
    api.emit({
      type: 'DELETED',
      object: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '8' },
      },
    });
    await until(
      async () =>
        names(await watches.list('aws', path, signal)).join() === 'web-2',
    );
    // One list and one watch, however many reads.
    expect(api.requests).toHaveLength(2);
  });

  it('watches again from the last version it saw when the server ends the watch', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    api.emit({
      type: 'BOOKMARK',
      object: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { resourceVersion: '12' },
      },
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    api.endWatches();
    await until(() => watchRequests(api).length === 2);
    expect(watchRequests(api)[1]).toContain('resourceVersion=12');
    await watches.list('aws', path, signal);
    expect(api.requests.filter(url => !url.includes('watch'))).toHaveLength(1);
  });

  it('lists afresh after 410 Expired', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    // The event the API server sends when the version is compacted away.
    api.emit({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'too old resource version: 5 (10)',
        reason: 'Expired',
        code: 410,
      },
    });
    await until(() => watches.size === 0);
    api.state.items = [];
    expect(await watches.list('aws', path, signal)).toEqual([]);
    expect(api.requests.filter(url => !url.includes('watch'))).toHaveLength(2);
  });

  it('fails like the cluster once its connection drops', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    await api.stop();
    await until(() => watches.size === 0);
    await expect(watches.list('aws', path, signal)).rejects.toThrow();
  });

  it('asks a silent cluster whether it is there before answering from its watch', async () => {
    api = await apiServer();
    let now = 0;
    let answers = true;
    const asked: string[] = [];
    watches = watchesOn(api, {
      trustMs: 3000,
      now: () => now,
      alive: async () => {
        asked.push('version');
        if (!answers) throw new Error('connect ECONNREFUSED');
      },
    });
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    // Within trustMs of the list: no question.
    now = 2000;
    await watches.list('aws', path, signal);
    expect(asked).toEqual([]);
    // A watch through a proxy stays open after its cluster died: past
    // trustMs, the read asks first.
    now = 6000;
    await watches.list('aws', path, signal);
    expect(asked).toEqual(['version']);
    now = 12000;
    answers = false;
    await expect(watches.list('aws', path, signal)).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(watches.size).toBe(0);
  });

  it('keeps the watches of a cluster that was only slow, and asks it again', async () => {
    api = await apiServer();
    let now = 100_000;
    let slow = false;
    const asked: string[] = [];
    watches = watchesOn(api, {
      trustMs: 3000,
      now: () => now,
      alive: async () => {
        asked.push('version');
        if (slow) throw new DOMException('deadline', 'AbortError');
      },
    });
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    // A health check timed out: the answer is withdrawn, the watch stays.
    watches.failed('aws', new DOMException('deadline', 'TimeoutError'));
    expect(watches.size).toBe(1);
    now = 101_000;
    slow = true;
    await expect(watches.list('aws', path, signal)).rejects.toThrow('deadline');
    expect(watches.size).toBe(1);
    slow = false;
    await watches.list('aws', path, signal);
    expect(asked).toEqual(['version', 'version']);
    // One list in all: the watch served every read.
    expect(api.requests.filter(url => !url.includes('watch'))).toHaveLength(1);
  });

  it('stops trusting a cluster whose other requests fail', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await watches.list('gcp', path, signal);
    await until(() => watches.size === 2);
    watches.forgetCluster('aws');
    expect(watches.size).toBe(1);
    await watches.list('aws', path, signal);
    expect(api.requests.filter(url => !url.includes('watch'))).toHaveLength(3);
  });

  it('lists on every read when the server answers a watch with a list', async () => {
    api = await apiServer({ watches: false });
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await until(() => watchRequests(api).length === 1);
    await until(() => watches.size === 0);
    await watches.list('aws', path, signal);
    await watches.list('aws', path, signal);
    // Three lists, and no second watch.
    expect(api.requests.filter(url => !url.includes('watch'))).toHaveLength(3);
    expect(watchRequests(api)).toHaveLength(1);
  });

  it('stops watching a collection nobody reads', async () => {
    api = await apiServer();
    let now = 0;
    watches = watchesOn(api, { idleMs: 1000, now: () => now });
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    now = 5000;
    api.endWatches();
    await until(() => watches.size === 0);
    expect(watchRequests(api)).toHaveLength(1);
  });

  it('ends every watch on close', async () => {
    api = await apiServer();
    watches = watchesOn(api);
    await watches.list('aws', path, signal);
    await until(() => api.streams.size === 1);
    watches.close();
    await until(() => api.streams.size === 0);
    expect(watches.size).toBe(0);
  });
});
