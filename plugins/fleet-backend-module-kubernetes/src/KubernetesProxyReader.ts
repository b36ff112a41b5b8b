import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InFlight, serviceFetch } from '@internal/plugin-platform-node';
import { KubernetesWatches, KubernetesWatchOptions } from './KubernetesWatches';

/** The Kubernetes API answered, with an error status. */
export class KubernetesApiError extends Error {
  name = 'KubernetesApiError';
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** How long a resource type a cluster does not serve is taken as absent. */
const NOT_SERVED_MS = 60_000;

/**
 * A failure that says nothing about whether the cluster answers: the API
 * server refused or lacks this one request (4xx).
 */
const saysClusterAnswers = (error: unknown) =>
  error instanceof KubernetesApiError && error.status < 500;

/**
 * Reads Kubernetes objects through the core Kubernetes plugin's proxy, so the
 * fleet uses that plugin's cluster registry and cluster auth (aws, google,
 * azure, …) instead of a second copy of them. The call is the fleet plugin's
 * own, service to service; the user's right to see the entity was checked
 * before any source runs.
 *
 * With `watch` options, collections are kept by Kubernetes watches
 * (`KubernetesWatches`): listed once, then changed by their events, so a
 * refresh round reads them from memory. A request to a cluster that fails
 * for want of an answer (refused, reset, 5xx) drops that cluster's watched
 * collections: the next reads list afresh and fail like the cluster; one
 * that timed out makes the next reads ask the cluster first.
 */
export class KubernetesProxyReader {
  // The workloads and policy columns read the same pods and Deployments of
  // the same cluster at the same moment: identical reads in flight are shared.
  private readonly inFlight = new InFlight<unknown[]>();
  private readonly getting = new InFlight<unknown>();

  private readonly kubernetes: { fetch: typeof fetch };
  private readonly watches?: KubernetesWatches;
  private readonly notServed = new Map<string, number>();

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      watch?: KubernetesWatchOptions;
    },
  ) {
    this.kubernetes = serviceFetch(options.auth, 'kubernetes');
    if (options.watch) {
      this.watches = new KubernetesWatches(
        (cluster, path, signal, headers) =>
          this.request(cluster, path, signal, headers),
        (cluster, signal) => this.get(cluster, '/version', signal),
        options.watch,
      );
    }
  }

  list<T = Record<string, any>>(
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T[]> {
    const read = this.watches
      ? this.watches.list<T>(cluster, path, signal)
      : (this.inFlight.run(`${cluster} ${path}`, async () => {
          const list = await this.get<{ items?: T[] }>(cluster, path, signal);
          return list.items ?? [];
        }) as Promise<T[]>);
    return this.noting(cluster, read);
  }

  /**
   * Like `list`, for a resource type the cluster may not serve (a CRD that
   * is optional, such as openreports.io): a 404 is an empty list, and the
   * type is not asked for again for a minute.
   */
  async listIfServed<T = Record<string, any>>(
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T[]> {
    const key = `${cluster} ${path}`;
    if ((this.notServed.get(key) ?? 0) > Date.now()) return [];
    try {
      return await this.list<T>(cluster, path, signal);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) {
        this.notServed.set(key, Date.now() + NOT_SERVED_MS);
        return [];
      }
      throw error;
    }
  }

  /**
   * One object (or any JSON answer) at `path` on the cluster's API server;
   * the same get in flight is shared (the health check's `/version` and the
   * watches' check that the cluster is there).
   */
  get<T>(cluster: string, path: string, signal: AbortSignal): Promise<T> {
    return this.noting(
      cluster,
      this.getting.run(`${cluster} ${path}`, async () => {
        const res = await this.request(cluster, path, signal);
        this.watches?.answered(cluster);
        return res.json();
      }),
    ) as Promise<T>;
  }

  /** Ends every watch (the backend is shutting down). */
  close() {
    this.watches?.close();
  }

  /** `read`, dropping the cluster's watches when it fails for want of an answer. */
  private async noting<T>(cluster: string, read: Promise<T>): Promise<T> {
    try {
      return await read;
    } catch (error) {
      if (!saysClusterAnswers(error)) this.watches?.failed(cluster, error);
      throw error;
    }
  }

  /** A request to the cluster's API server; throws unless it answered OK. */
  private async request(
    cluster: string,
    path: string,
    signal: AbortSignal,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const base = await this.options.discovery.getBaseUrl('kubernetes');
    const res = await this.kubernetes.fetch(`${base}/proxy${path}`, {
      headers: { ...headers, 'Backstage-Kubernetes-Cluster': cluster },
      signal,
    });
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      const why: string =
        body?.error?.message ?? body?.message ?? res.statusText;
      // The proxy wraps a connection failure to the cluster in a 500; keep
      // its code so the cell reads like every other unreachable cluster.
      const code = why.match(
        /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)\b/,
      )?.[1];
      throw new KubernetesApiError(
        `the Kubernetes API of ${cluster} answered ${res.status}: ${why}`,
        res.status,
        code ? { cause: { code } } : undefined,
      );
    }
    return res;
  }
}
