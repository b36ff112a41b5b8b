import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InFlight, serviceFetch } from '@internal/plugin-platform-node';

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

/**
 * Reads Kubernetes objects through the core Kubernetes plugin's proxy, so the
 * fleet uses that plugin's cluster registry and cluster auth (aws, google,
 * azure, …) instead of a second copy of them. The call is the fleet plugin's
 * own, service to service; the user's right to see the entity was checked
 * before any source runs.
 */
export class KubernetesProxyReader {
  // The workloads and policy columns read the same pods and Deployments of
  // the same cluster at the same moment: identical reads in flight are shared.
  private readonly inFlight = new InFlight<unknown[]>();

  private readonly kubernetes: { fetch: typeof fetch };

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {
    this.kubernetes = serviceFetch(options.auth, 'kubernetes');
  }

  list<T = Record<string, any>>(
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T[]> {
    return this.inFlight.run(`${cluster} ${path}`, async () => {
      const list = await this.get<{ items?: T[] }>(cluster, path, signal);
      return list.items ?? [];
    }) as Promise<T[]>;
  }

  /**
   * Like `list`, for a resource type the cluster may not serve (a CRD that
   * is optional, such as openreports.io): a 404 is an empty list.
   */
  async listIfServed<T = Record<string, any>>(
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T[]> {
    try {
      return await this.list<T>(cluster, path, signal);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404)
        return [];
      throw error;
    }
  }

  /** One object (or any JSON answer) at `path` on the cluster's API server. */
  async get<T>(cluster: string, path: string, signal: AbortSignal): Promise<T> {
    const base = await this.options.discovery.getBaseUrl('kubernetes');
    const res = await this.kubernetes.fetch(`${base}/proxy${path}`, {
      headers: { 'Backstage-Kubernetes-Cluster': cluster },
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
    return (await res.json()) as T;
  }
}
