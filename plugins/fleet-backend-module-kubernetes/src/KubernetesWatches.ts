import { InFlight } from '@internal/plugin-platform-node';

/**
 * Opens a request on a cluster's API server (through the core Kubernetes
 * plugin's proxy) and answers its response once the status is OK; throws
 * otherwise.
 */
export type OpenKubernetesRequest = (
  cluster: string,
  path: string,
  signal: AbortSignal,
  headers?: Record<string, string>,
) => Promise<Response>;

export interface KubernetesWatchOptions {
  /**
   * How long the API server keeps one watch open (`timeoutSeconds`); the
   * cache then watches again from the last version it saw.
   */
  timeoutSeconds: number;
  /** A collection nobody read for this long is no longer watched. */
  idleMs: number;
  /**
   * How long the cluster's last answer vouches for its watches. Past it, a
   * read first asks whether the cluster answers (`alive`, shared by every
   * read of the cluster and by its health check): a watch can stay open
   * and silent after its cluster died (see the class comment).
   */
  trustMs: number;
  now?: () => number;
}

/** One event of a watch stream, as the API server writes it. */
interface WatchEvent {
  type?: string;
  object?: {
    kind?: string;
    code?: number;
    metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  };
}

/** A collection (a cluster's objects at one list path), kept by its watch. */
interface Watched {
  items: Map<string, unknown>;
  /** The items as one array, made again only after a change. */
  snapshot?: unknown[];
  resourceVersion: string;
  lastRead: number;
  stop: AbortController;
}

const identity = (object: unknown) => {
  const metadata = (object as WatchEvent['object'])?.metadata;
  return `${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`;
};

/** `path` with the watch parameters (it may carry a query already). */
export function watchPath(
  path: string,
  resourceVersion: string,
  timeoutSeconds: number,
): string {
  const [base, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('watch', '1');
  params.set('resourceVersion', resourceVersion);
  params.set('allowWatchBookmarks', 'true');
  params.set('timeoutSeconds', String(timeoutSeconds));
  return `${base}?${params}`;
}

/** The events of a watch response, one JSON object per line. */
async function* eventsOf(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n');
    while (end >= 0) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (line) yield JSON.parse(line) as WatchEvent;
      end = buffered.indexOf('\n');
    }
  }
  const last = buffered.trim();
  if (last) yield JSON.parse(last) as WatchEvent;
}

/**
 * A cluster's collections kept current by Kubernetes watches, as client-go's
 * reflector keeps an informer's store: the first read of a collection lists
 * it, then one watch from the list's resourceVersion applies every change.
 * Later reads answer from memory with no upstream call, so a refresh round
 * costs the cluster nothing but its health check however many kinds the
 * columns read (issue 21's bound: per round, clusters × sources).
 *
 * When is what it answers true? While its watch runs, the collection is the
 * API server's latest, as long as the API server is there at all: through
 * the core Kubernetes plugin's proxy (http-proxy) a watch whose cluster died
 * is NOT ended, it stays open and silent. So a read trusts a watch only
 * while the cluster answered within `trustMs` (an event, a list, its health
 * check); else it asks the cluster (`alive`: one `/version` per cluster,
 * shared with the health check) before answering. The cache stops trusting
 * a collection, and the next read lists it afresh (so a dead cluster reads
 * as one), when:
 * - the watch ends in an error: the connection dropped (the cluster died),
 *   the API server answered an error, or an `ERROR` event such as 410
 *   Expired (the version is older than the server keeps);
 * - any other request to that cluster failed to connect or got a 5xx
 *   (`failed`): the path to the cluster broke, and a stream through it may
 *   be dead without saying so. A request that only timed out withdraws the
 *   cluster's last answer instead (the next read asks again, and fails
 *   with the timeout if the cluster is still slow) but keeps the watches:
 *   dropping them made a loaded fleet list every collection again, which
 *   loaded it more (30 clusters, bench/scale.ts);
 * - nobody read it for `idleMs`.
 * An API server (or proxy) that answers a watch with a plain list is not
 * watched again; its collections are listed on every read, as before.
 */
export class KubernetesWatches {
  private readonly watched = new Map<string, Watched>();
  private readonly unwatchable = new Set<string>();
  private readonly listing = new InFlight<unknown[]>();
  private readonly lastAnswer = new Map<string, number>();
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly open: OpenKubernetesRequest,
    /** Resolves when the cluster's API server answers now; throws if not. */
    private readonly alive: (
      cluster: string,
      signal: AbortSignal,
    ) => Promise<unknown>,
    private readonly options: KubernetesWatchOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The cluster's API server answered a request just now. */
  answered(cluster: string) {
    this.lastAnswer.set(cluster, this.now());
  }

  /**
   * The collection at `path` on `cluster`: from its watch when one runs,
   * else listed now and watched from then on.
   */
  async list<T>(
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T[]> {
    const key = `${cluster} ${path}`;
    const current = this.watched.get(key);
    if (current) {
      current.lastRead = this.now();
      const heard = this.lastAnswer.get(cluster) ?? 0;
      if (this.now() - heard > this.options.trustMs) {
        try {
          await this.alive(cluster, signal);
        } catch (error) {
          this.failed(cluster, error);
          throw error;
        }
        this.answered(cluster);
      }
      if (this.watched.get(key) === current) {
        current.snapshot ??= [...current.items.values()];
        return current.snapshot as T[];
      }
    }
    return (await this.listing.run(key, async () => {
      const res = await this.open(cluster, path, signal);
      this.answered(cluster);
      const list = (await res.json()) as {
        metadata?: { resourceVersion?: string };
        items?: unknown[];
      };
      const items = list.items ?? [];
      const version = list.metadata?.resourceVersion;
      if (version && !this.closed && !this.unwatchable.has(key)) {
        this.follow(key, cluster, path, items, version);
      }
      return items;
    })) as T[];
  }

  /** Collections watched now, for tests and diagnostics. */
  get size() {
    return this.watched.size;
  }

  /**
   * A request to the cluster failed: a timeout withdraws its last answer
   * (reads ask again before trusting a watch); a refused or reset
   * connection or a 5xx drops its watches (reads list afresh).
   */
  failed(cluster: string, error: unknown) {
    const name = (error as { name?: string })?.name;
    if (name === 'AbortError' || name === 'TimeoutError') {
      this.lastAnswer.delete(cluster);
    } else {
      this.forgetCluster(cluster);
    }
  }

  /** Stops trusting every collection of the cluster: the next reads list. */
  forgetCluster(cluster: string) {
    for (const [key, entry] of this.watched) {
      if (key.startsWith(`${cluster} `)) this.drop(key, entry);
    }
  }

  /** Ends every watch (the backend is shutting down). */
  close() {
    this.closed = true;
    for (const [key, entry] of this.watched) this.drop(key, entry);
  }

  private drop(key: string, entry: Watched) {
    if (this.watched.get(key) === entry) this.watched.delete(key);
    entry.stop.abort();
  }

  private follow(
    key: string,
    cluster: string,
    path: string,
    items: unknown[],
    resourceVersion: string,
  ) {
    const entry: Watched = {
      items: new Map(items.map(item => [identity(item), item])),
      snapshot: items,
      resourceVersion,
      lastRead: this.now(),
      stop: new AbortController(),
    };
    const previous = this.watched.get(key);
    if (previous) this.drop(key, previous);
    this.watched.set(key, entry);
    this.watch(key, cluster, path, entry)
      .catch(() => undefined)
      .finally(() => this.drop(key, entry));
  }

  /**
   * Watches from the entry's version until the watch fails, the collection
   * goes idle or the cache closes; a watch the server ends at its timeout
   * is opened again from the last version seen.
   */
  private async watch(
    key: string,
    cluster: string,
    path: string,
    entry: Watched,
  ) {
    while (!entry.stop.signal.aborted) {
      if (this.now() - entry.lastRead > this.options.idleMs) return;
      const started = this.now();
      const res = await this.open(
        cluster,
        watchPath(path, entry.resourceVersion, this.options.timeoutSeconds),
        entry.stop.signal,
        // A compressing hop would hold events back until its buffer fills.
        { 'Accept-Encoding': 'identity' },
      );
      if (!res.body) return;
      let events = 0;
      for await (const event of eventsOf(res.body)) {
        if (!event.type) {
          // A list where a watch was asked for: this server does not watch.
          this.unwatchable.add(key);
          return;
        }
        events += 1;
        if (!this.apply(entry, event)) return;
        this.answered(cluster);
      }
      // Ended at once with nothing to say: list afresh rather than spin.
      if (!events && this.now() - started < 1000) return;
    }
  }

  /** Applies one event; false when the watch cannot go on from it. */
  private apply(entry: Watched, event: WatchEvent): boolean {
    const object = event.object;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        entry.items.set(identity(object), object);
        entry.snapshot = undefined;
        break;
      case 'DELETED':
        entry.items.delete(identity(object));
        entry.snapshot = undefined;
        break;
      case 'BOOKMARK':
        break;
      default:
        // ERROR: 410 Expired (the version is gone) or another Status.
        return false;
    }
    const version = object?.metadata?.resourceVersion;
    if (version) entry.resourceVersion = version;
    return true;
  }
}
