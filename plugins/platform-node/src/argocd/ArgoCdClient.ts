import { Config } from '@backstage/config';
import { InFlight } from '../InFlight';
import { RegisteredCluster } from '../clusterRegistry';
import { ClusterRegistrations } from '../clusterRegistrations';

/** The fields of an Argo CD Application that Trinity reads. */
export interface ArgoCdApplication {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    project?: string;
    destination?: { name?: string; server?: string };
    syncPolicy?: { automated?: Record<string, unknown> | null };
  };
  status?: {
    conditions?: Array<{ type: string; message?: string }>;
    /** `revisions` (one per source) for a multi-source application. */
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
    };
    history?: Array<{
      id: number;
      revision?: string;
      revisions?: string[];
      deployedAt: string;
    }>;
    reconciledAt?: string;
    /** Images the application's live objects run (`<image>:<tag>`). */
    summary?: { images?: string[] };
  };
}

/** A resource of an application, as Argo CD's resource endpoints name it. */
export interface ArgoCdResourceRef {
  namespace: string;
  resourceName: string;
  group: string;
  version: string;
  kind: string;
}

/** One action Argo CD offers on a resource (v1alpha1.ResourceAction). */
export interface ArgoCdResourceAction {
  name: string;
  disabled?: boolean;
}

/** Where a cluster's applications are, with which token, and how to pick them out. */
export interface ArgoCdTarget {
  url: string;
  uiUrl: string;
  token: string;
  /** Central mode: keep only the applications deployed to this cluster. */
  destination?: (app: ArgoCdApplication) => boolean;
}

/**
 * Read: an account whose RBAC only gets applications (the fleet view, and
 * the kill switch's list). Write: an account that may update them (the kill
 * switch's patch only). docs/security.md#argo-cd-tokens.
 */
export type ArgoCdAccess = 'read' | 'write';

/**
 * The one Argo CD client of the portal's backends. A cluster's applications
 * are on its own Argo CD (`trinity.clusters.<name>.argocd`, bound into the
 * registry entry) or, for a cluster without one, on the central Argo CD
 * (`trinity.argocd.central`), whose applications target clusters by
 * destination: `spec.destination.name` is the registry name, or
 * `spec.destination.server` the Kubernetes API URL. Identical lists running
 * at once are shared (in central mode every cluster asks the same question
 * at the same moment).
 */
export class ArgoCdClient {
  private readonly lists = new InFlight<ArgoCdApplication[]>();
  private readonly registrations: ClusterRegistrations;

  constructor(private readonly config: Config) {
    this.registrations = ClusterRegistrations.fromConfig(config);
  }

  /** Where to read or change a cluster's applications; a sentence when it cannot be. */
  targetOf(
    cluster: Pick<RegisteredCluster, 'name' | 'endpoints'>,
    access: ArgoCdAccess,
  ): ArgoCdTarget | string {
    const key = `${access}Token`;
    const own = cluster.endpoints.argocd;
    if (own) {
      const path = `trinity.clusters.${cluster.name}.argocd.${key}`;
      const token = this.registrations
        .of(cluster.name)
        ?.getOptionalString(`argocd.${key}`);
      if (!token)
        return `no Argo CD ${access} token configured for ${cluster.name} (${path}, or its registration)`;
      return { url: own, uiUrl: cluster.endpoints.argocdUi ?? own, token };
    }
    const central = this.config.getOptionalConfig('trinity.argocd.central');
    if (!central) return `no Argo CD configured for ${cluster.name}`;
    const token = central.getOptionalString(key);
    if (!token)
      return `no Argo CD ${access} token configured for the central Argo CD (trinity.argocd.central.${key})`;
    const url = central.getString('url');
    const server = cluster.endpoints.kubernetes?.replace(/\/$/, '');
    return {
      url,
      uiUrl: central.getOptionalString('uiUrl') ?? url,
      token,
      destination: app => {
        const destination = app.spec?.destination;
        return (
          destination?.name === cluster.name ||
          (!!server && destination?.server?.replace(/\/$/, '') === server)
        );
      },
    };
  }

  /** The applications matching a label selector, only the target cluster's in central mode. */
  async list(
    target: ArgoCdTarget,
    selector: string,
    signal?: AbortSignal,
  ): Promise<ArgoCdApplication[]> {
    const all = await this.lists.run(
      `${target.url} ${target.token} ${selector}`,
      async () => {
        const res = await fetch(
          `${base(target)}/api/v1/applications?${new URLSearchParams({
            selector,
          })}`,
          { headers: { Authorization: `Bearer ${target.token}` }, signal },
        );
        if (!res.ok) throw await answerError(res);
        return ((await res.json()).items ?? []) as ArgoCdApplication[];
      },
    );
    return target.destination ? all.filter(target.destination) : all;
  }

  /**
   * Every application on the target's Argo CD (all clusters' in central
   * mode), projected to `fields` with Argo CD's own `fields` parameter
   * (its gRPC gateway drops the rest), for readers that pick many products'
   * applications out of one list.
   */
  async listProjected(
    target: ArgoCdTarget,
    fields: string[],
    signal?: AbortSignal,
  ): Promise<ArgoCdApplication[]> {
    const res = await fetch(
      `${base(target)}/api/v1/applications?${new URLSearchParams({
        fields: fields.join(','),
      })}`,
      { headers: { Authorization: `Bearer ${target.token}` }, signal },
    );
    if (!res.ok) throw await answerError(res);
    return ((await res.json()).items ?? []) as ArgoCdApplication[];
  }

  /** A JSON merge patch of one application (ApplicationPatchRequest). */
  async patch(
    target: ArgoCdTarget,
    name: string,
    mergePatch: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<ArgoCdApplication> {
    const res = await fetch(
      `${base(target)}/api/v1/applications/${encodeURIComponent(name)}`,
      {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          name,
          patch: JSON.stringify(mergePatch),
          patchType: 'merge',
        }),
        signal,
      },
    );
    if (!res.ok) throw await answerError(res);
    return res.json();
  }

  /**
   * The actions Argo CD offers on one of an application's resources, each
   * with whether it is disabled now (Argo CD works that out from the live
   * object, e.g. for a Rollout: abort only mid-canary).
   */
  async resourceActions(
    target: ArgoCdTarget,
    app: string,
    resource: ArgoCdResourceRef,
    signal?: AbortSignal,
  ): Promise<ArgoCdResourceAction[]> {
    const answer = await this.get<{ actions?: ArgoCdResourceAction[] }>(
      target,
      `/api/v1/applications/${encodeURIComponent(
        app,
      )}/resource/actions?${new URLSearchParams({ ...resource })}`,
      signal,
    );
    return answer.actions ?? [];
  }

  /**
   * Runs a resource action (`RunResourceActionV2`: the request is the body,
   * applicationResourceActionRunRequestV2), with the write token's RBAC.
   */
  async runResourceAction(
    target: ArgoCdTarget,
    app: string,
    resource: ArgoCdResourceRef,
    action: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const res = await fetch(
      `${base(target)}/api/v1/applications/${encodeURIComponent(
        app,
      )}/resource/actions/v2`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: app, ...resource, action }),
        signal,
      },
    );
    if (!res.ok) throw await answerError(res);
  }

  /** GET a path of the Argo CD API (version, resource tree, …). */
  async get<T>(target: ArgoCdTarget, path: string, signal?: AbortSignal) {
    const res = await fetch(`${base(target)}${path}`, {
      headers: { Authorization: `Bearer ${target.token}` },
      signal,
    });
    if (!res.ok) throw await answerError(res);
    return (await res.json()) as T;
  }
}

function base(target: ArgoCdTarget) {
  return target.url.replace(/\/$/, '');
}

/** Argo CD's answer as an error naming the status and its message. */
async function answerError(res: Response) {
  const body = await res.json().catch(() => ({}));
  return new Error(
    `Argo CD answered ${res.status}: ${body.message ?? res.statusText}`,
  );
}
