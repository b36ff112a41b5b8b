/**
 * Watches, as a real API server serves them, for the stand-in Kubernetes API.
 *
 * Why a module of its own: the stand-in has no store. `objects()` builds
 * every object of a cluster afresh from the world, the scenario and `now`,
 * so to know what CHANGED, something must remember what was served last,
 * number the changes and keep them for a while. That is what the API
 * server's watch cache does in front of etcd, and what this module plays,
 * one per cluster (per router), so the router stays a list-and-get router.
 *
 * Semantics, checked against upstream (kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go and
 * cache_watcher.go; kubernetes/website
 * content/en/docs/reference/using-api/api-concepts.md "Efficient detection
 * of changes" and "Watch bookmarks", commit 0099629817727db65f554d9db3c51f59beb11750):
 *
 * - one counter per cluster, increasing; every change gets the next
 *   version, an object's `metadata.resourceVersion` is the version of its
 *   last change, a list's the current version (etcd has one counter for the
 *   whole cluster, so this is the same contract with one store per cluster);
 * - a pass diffs a fresh `objects()` against the last snapshot, by
 *   apiVersion/kind/namespace/name, content compared as JSON without
 *   resourceVersion: ADDED, MODIFIED, DELETED (with the last state, at the
 *   deletion's version). Passes run when a request arrives, and every
 *   `watchTickMs` only while a watch is open: one `objects()` call per pass,
 *   shared by every watcher of the cluster;
 * - a watcher gets the events after its resourceVersion that concern it, as
 *   cache_watcher.go's convertToWatchEvent decides: passes now and did not
 *   before → ADDED; passes now and before → MODIFIED; passed before and no
 *   longer (deleted, or a label no longer matches its selector) → DELETED
 *   with the previous content at the event's version;
 * - without resourceVersion, or "0": ADDED for every current object, then
 *   changes ("get state and start at most recent"/"start at any"; without
 *   sendInitialEvents both replay the current state);
 * - a resourceVersion older than the log: one ERROR event with a 410
 *   `Expired` Status, `too old resource version: X (Y)` (Y the oldest
 *   version still replayable; watch_cache.go's wording), then the end;
 * - a resourceVersion newer than the current one: the watch cache waits up
 *   to 3 s to catch up (waitUntilFreshAndBlock's blockTimeout), then sends a
 *   504 `Timeout` Status, `Timeout: Too large resource version: X, current: Y`
 *   with a ResourceVersionTooLarge cause and retryAfterSeconds 1; so here;
 * - BOOKMARKs with `allowWatchBookmarks=true`: the object only apiVersion,
 *   kind and metadata.resourceVersion; every `bookmarkMs` (the real cacher
 *   about every minute) and, as the cacher's nextBookmarkTime does, 2 s
 *   before the watch's deadline;
 * - `timeoutSeconds` ends the stream; without it the real server picks
 *   `--min-request-timeout` (1800 s) × [1, 2); here `defaultTimeoutSeconds`
 *   (300 s) × [1, 2), so clients exercise their re-watch path in a demo.
 */
import type express from 'express';
import { KubeObject } from './kubeObject';

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

export interface WatchOptions {
  /** How often a pass runs while a watch is open (default 1000 ms). */
  watchTickMs?: number;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK (default 10 s). */
  bookmarkMs?: number;
  /** Without timeoutSeconds a watch ends after this × [1, 2) seconds (default 300). */
  defaultTimeoutSeconds?: number;
  /** How long events stay replayable (default 5 minutes, etcd's compaction). */
  historyMs?: number;
  /** At most this many events are kept (default 20 000). */
  historyEvents?: number;
  /** How long a watch from a version not reached yet waits (default 3000 ms). */
  tooLargeWaitMs?: number;
  /**
   * A request within this long of the last pass is answered from it, with
   * no new pass (default 0: every request passes). The scale fleet sets it:
   * a cold portal lists 15 kinds on 30 clusters at once, and a pass per
   * list (objects built and compared for the whole cluster each time) kept
   * the stand-in busy past the portal's 10 s list timeout, so the lists
   * never completed. A real API server answers lists from its watch cache
   * the same way, a moment behind.
   */
  coalesceMs?: number;
}

/** What a watch asks for: the objects it concerns, and how. */
export interface WatchRequest {
  /** Whether an object is of the watched type, namespace and selectors. */
  matches: (object: KubeObject) => boolean;
  /** apiVersion and kind of the watched type (for BOOKMARK objects). */
  apiVersion: string;
  kind: string;
  resourceVersion?: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
}

interface Stored {
  object: KubeObject;
  content: string;
}

interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  version: number;
  at: number;
  /** The new state (the last one for DELETED), at `version`. */
  object: KubeObject;
  /** The state before, for MODIFIED and DELETED. */
  previous?: KubeObject;
}

interface Watcher {
  request: WatchRequest;
  res: express.Response;
  /** The last version this watcher has been sent (or told of). */
  sentUpTo: number;
  nextBookmark: number;
  deadline: number;
  timeout?: NodeJS.Timeout;
}

export function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const keyOf = (object: KubeObject) =>
  `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${
    object.metadata.name
  }`;

function withVersion(object: KubeObject, version: number): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(version) },
  };
}

function contentOf(object: KubeObject) {
  const { resourceVersion: _ignored, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/**
 * A cluster's versions, its last snapshot, its recent changes and its open
 * watches. `objects` builds every object the cluster serves; `watchable`
 * says which of them are stored and versioned (the metrics API's PodMetrics
 * are not: metrics-server computes them per request and serves no watch).
 */
export class WatchCache {
  private version = 0;
  private snapshot = new Map<string, Stored>();
  private log: Change[] = [];
  /** Every change after this version is still in the log. */
  private floor = 0;
  private readonly watchers = new Set<Watcher>();
  private timer?: NodeJS.Timeout;
  /** The last pass's objects and when it ran (see coalesceMs). */
  private served?: KubeObject[];
  private passedAt = 0;
  private readonly options: Required<WatchOptions>;

  constructor(
    private readonly objects: () => KubeObject[],
    private readonly watchable: (object: KubeObject) => boolean,
    options: WatchOptions = {},
  ) {
    this.options = {
      watchTickMs: options.watchTickMs ?? 1000,
      bookmarkMs: options.bookmarkMs ?? 10_000,
      defaultTimeoutSeconds: options.defaultTimeoutSeconds ?? 300,
      historyMs: options.historyMs ?? 5 * 60_000,
      historyEvents: options.historyEvents ?? 20_000,
      tooLargeWaitMs: options.tooLargeWaitMs ?? 3000,
      coalesceMs: options.coalesceMs ?? 0,
    };
  }

  /** The current version, as a list's metadata.resourceVersion. */
  get current() {
    return this.version;
  }

  /** How many watches are open. */
  get open() {
    return this.watchers.size;
  }

  /**
   * One pass: builds the objects, records what changed since the last
   * pass, sends it to the open watches, and returns every object as served
   * now (the stored ones with their resourceVersion).
   */
  sync(): KubeObject[] {
    if (this.served && Date.now() - this.passedAt < this.options.coalesceMs) {
      return this.served;
    }
    const all = this.objects();
    const now = Date.now();
    const next = new Map<string, Stored>();
    const changes: Change[] = [];
    const first = this.version === 0;
    if (first) this.version = 1;
    const served = all.map(object => {
      if (!this.watchable(object)) return object;
      const key = keyOf(object);
      const content = contentOf(object);
      const before = this.snapshot.get(key);
      if (before && before.content === content) {
        next.set(key, before);
        return before.object;
      }
      let stored: Stored;
      if (first) {
        // The state found at start is version 1, with no history before it.
        stored = { object: withVersion(object, 1), content };
      } else {
        this.version += 1;
        stored = { object: withVersion(object, this.version), content };
        changes.push({
          type: before ? 'MODIFIED' : 'ADDED',
          version: this.version,
          at: now,
          object: stored.object,
          ...(before ? { previous: before.object } : {}),
        });
      }
      next.set(key, stored);
      return stored.object;
    });
    for (const [key, before] of this.snapshot) {
      if (next.has(key)) continue;
      this.version += 1;
      changes.push({
        type: 'DELETED',
        version: this.version,
        at: now,
        object: withVersion(before.object, this.version),
        previous: before.object,
      });
    }
    this.snapshot = next;
    if (first) this.floor = 1;
    if (changes.length) {
      this.log.push(...changes);
      this.trim(now);
    }
    for (const watcher of this.watchers) this.deliver(watcher, now);
    this.served = served;
    this.passedAt = now;
    return served;
  }

  /** Forgets changes older than historyMs, and beyond historyEvents. */
  private trim(now: number) {
    let drop = 0;
    while (
      drop < this.log.length &&
      (this.log.length - drop > this.options.historyEvents ||
        now - this.log[drop].at > this.options.historyMs)
    ) {
      drop += 1;
    }
    if (drop === 0) return;
    this.floor = this.log[drop - 1].version;
    this.log = this.log.slice(drop);
  }

  /** Opens a watch on `res` (the request already answered 200 by nobody). */
  watch(request: WatchRequest, res: express.Response) {
    this.sync();
    const raw = request.resourceVersion;
    const from = raw === undefined || raw === '' ? 0 : Number(raw);
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.flushHeaders();
    const now = Date.now();
    const timeoutMs =
      request.timeoutSeconds !== undefined
        ? request.timeoutSeconds * 1000
        : this.options.defaultTimeoutSeconds * 1000 * (1 + Math.random());
    const watcher: Watcher = {
      request,
      res,
      sentUpTo: this.version,
      nextBookmark: 0,
      deadline: now + timeoutMs,
    };
    watcher.nextBookmark = this.bookmarkAfter(watcher, now);
    const start = () => {
      if (res.destroyed || res.writableEnded) return;
      if (from === 0) {
        for (const { object } of this.snapshot.values()) {
          if (request.matches(object)) this.send(watcher, 'ADDED', object);
        }
        watcher.sentUpTo = this.version;
      } else if (from < this.floor) {
        this.fail(
          watcher,
          status(
            410,
            'Expired',
            `too old resource version: ${from} (${this.floor})`,
          ),
        );
        return;
      } else {
        watcher.sentUpTo = from;
        this.deliver(watcher, now);
      }
      this.add(watcher);
    };
    if (from > this.version) {
      // A version this cluster has not reached: wait for it, as the watch
      // cache does, then give up with the 504 the cacher sends.
      const wait = setTimeout(() => {
        this.sync();
        if (from > this.version) {
          this.fail(
            watcher,
            status(
              504,
              'Timeout',
              `Timeout: Too large resource version: ${from}, current: ${this.version}`,
              {
                causes: [
                  {
                    reason: 'ResourceVersionTooLarge',
                    message: 'Too large resource version',
                  },
                ],
                retryAfterSeconds: 1,
              },
            ),
          );
          return;
        }
        start();
      }, this.options.tooLargeWaitMs);
      res.on('close', () => clearTimeout(wait));
      return;
    }
    start();
  }

  private add(watcher: Watcher) {
    this.watchers.add(watcher);
    const { res } = watcher;
    watcher.timeout = setTimeout(
      () => this.remove(watcher, 'end'),
      Math.max(0, watcher.deadline - Date.now()),
    );
    res.on('close', () => this.remove(watcher, 'none'));
    if (!this.timer) {
      this.timer = setInterval(() => this.sync(), this.options.watchTickMs);
      this.timer.unref?.();
    }
  }

  private remove(watcher: Watcher, how: 'end' | 'destroy' | 'none') {
    if (!this.watchers.delete(watcher)) return;
    clearTimeout(watcher.timeout);
    if (how === 'end' && !watcher.res.writableEnded) watcher.res.end();
    if (how === 'destroy') watcher.res.socket?.destroy();
    if (this.watchers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * Ends every open watch: `destroy` resets their connections (a cluster
   * going down, like a dead control plane), `end` ends them cleanly (the
   * server stopping).
   */
  close(how: 'end' | 'destroy' = 'end') {
    for (const watcher of [...this.watchers]) this.remove(watcher, how);
  }

  private bookmarkAfter(watcher: Watcher, now: number) {
    if (!watcher.request.allowBookmarks) return Infinity;
    const heartbeat = now + this.options.bookmarkMs;
    const pretimeout = watcher.deadline - 2000;
    return pretimeout > now && pretimeout < heartbeat ? pretimeout : heartbeat;
  }

  /** The index of the first logged change after `version` (binary search). */
  private firstAfter(version: number) {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.log[middle].version <= version) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Sends a watcher the changes it has not had yet, then a bookmark if due. */
  private deliver(watcher: Watcher, now: number) {
    const { request } = watcher;
    if (watcher.sentUpTo < this.version) {
      for (const change of this.log.slice(this.firstAfter(watcher.sentUpTo))) {
        const passes =
          change.type !== 'DELETED' && request.matches(change.object);
        const passed = !!change.previous && request.matches(change.previous);
        if (passes && passed) this.send(watcher, 'MODIFIED', change.object);
        else if (passes) this.send(watcher, 'ADDED', change.object);
        else if (passed) {
          this.send(
            watcher,
            'DELETED',
            withVersion(change.previous!, change.version),
          );
        }
      }
      watcher.sentUpTo = this.version;
    }
    if (now >= watcher.nextBookmark) {
      this.send(watcher, 'BOOKMARK', {
        kind: request.kind,
        apiVersion: request.apiVersion,
        metadata: { resourceVersion: String(this.version) },
      });
      watcher.nextBookmark = this.bookmarkAfter(watcher, now);
    }
  }

  private send(watcher: Watcher, type: WatchEventType, object: unknown) {
    if (watcher.res.destroyed || watcher.res.writableEnded) return;
    watcher.res.write(`${JSON.stringify({ type, object })}\n`);
  }

  private fail(watcher: Watcher, object: ReturnType<typeof status>) {
    this.send(watcher, 'ERROR', object);
    if (!watcher.res.writableEnded) watcher.res.end();
  }
}
