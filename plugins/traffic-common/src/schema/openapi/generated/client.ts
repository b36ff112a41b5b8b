// This file is generated from plugins/traffic-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-traffic-backend generate`.
/* eslint-disable */
import { ResponseError } from '@backstage/errors';
import type { ActionRequestBody, Preview, ActionResult, SyncRequest, ClusterSyncs, PromoteRequest, PromotionsRequest, AbortRequest, ReleaseView, TrafficView, EvacuationPlan, EvacuationRequestBody, ReturnTrafficBody, EvacuationRun, EvacuationRuns } from './models';

export type GetTrafficViewRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
};

export type PreviewTrafficActionRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  body: ActionRequestBody;
};

export type ApplyTrafficActionRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  headers: {
    "Idempotency-Key": string;
  };
  body: ActionRequestBody;
};

export type GetAutoSyncRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
};

export type ToggleAutoSyncRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  headers: {
    "Idempotency-Key": string;
  };
  body: SyncRequest;
};

export type GetReleasesRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
};

export type PromoteReleaseRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  headers: {
    "Idempotency-Key": string;
  };
  body: PromoteRequest;
};

export type SetPromotionsRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  headers: {
    "Idempotency-Key": string;
  };
  body: PromotionsRequest;
};

export type AbortRolloutRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  headers: {
    "Idempotency-Key": string;
  };
  body: AbortRequest;
};

export type GetEvacuationPlanRequest = {
  path: {
    cluster: string;
  };
};

export type ListEvacuationsRequest = {
  path: {
    cluster: string;
  };
};

export type StartEvacuationRequest = {
  path: {
    cluster: string;
  };
  body: EvacuationRequestBody;
};

export type GetEvacuationRequest = {
  path: {
    id: string;
  };
};

export type ResumeEvacuationRequest = {
  path: {
    id: string;
  };
};

export type ReturnTrafficRequest = {
  path: {
    id: string;
  };
  body: ReturnTrafficBody;
};

/**
 * The traffic API's client, generated from its OpenAPI spec. Takes what it
 * needs from the host (where the plugin lives, and an authenticated fetch),
 * so it works in the browser and between backends alike.
 */
export class TrafficApiClient {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  /** The product's entry point as its provider holds it now (per cluster: target, weight, provider health, share), active drains, history, and whether the signed-in user may shift its traffic. A provider that cannot be read is an error in place of the state. */
  async getTrafficView(
    request: GetTrafficViewRequest,
  ): Promise<TrafficView> {
    return this.send("GET", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** What an action would do: weights and provider records before and after, every safety check, and whether it is allowed. Changes nothing. */
  async previewTrafficAction(
    request: PreviewTrafficActionRequest,
  ): Promise<Preview> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/preview`, {
      query: undefined,
      headers: undefined,
      body: request.body,
    });
  }

  /** Applies an action with compare-and-set against `expectedVersion` (from the preview) under the entry point's lock. The Idempotency-Key header makes a retry return the first attempt's result instead of acting twice; the key is bound to the request (method, path, body), so the same key with another body is refused (422). 409 when the entry point changed since the preview or a safety check fails; 503 when the provider did not take the change. */
  async applyTrafficAction(
    request: ApplyTrafficActionRequest,
  ): Promise<ActionResult> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/actions`, {
      query: undefined,
      headers: request.headers,
      body: request.body,
    });
  }

  /** Argo CD auto-sync of the product's applications per cluster it runs on (ClusterSync in traffic-common); a cluster whose Argo CD cannot be read has its error in place. */
  async getAutoSync(
    request: GetAutoSyncRequest,
  ): Promise<ClusterSyncs> {
    return this.send("GET", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/sync`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** The second kill switch: pause or resume Argo CD auto-sync for the product's applications on one cluster. Same guard rails as a traffic change: permission, reason, idempotency key, audit and history; resume restores the settings from before the pause. 409 when it is already in the asked state. */
  async toggleAutoSync(
    request: ToggleAutoSyncRequest,
  ): Promise<ActionResult> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/sync`, {
      query: undefined,
      headers: request.headers,
      body: request.body,
    });
  }

  /** Which tag each upgrade ring runs for each of the product's services (its files in the infra repo), what Argo CD reports for it on each cluster, the next promotion and whether it is ready, whether promotions are paused, and the open release pull requests. */
  async getReleases(
    request: GetReleasesRequest,
  ): Promise<ReleaseView> {
    return this.send("GET", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/releases`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Opens (or updates) the infra repo pull request that copies a ring's previous ring's tag to it, once that ring is Synced and Healthy on the tag on every cluster of the product and promotions are not paused. Same guard rails as a traffic change: permission, reason, idempotency key, audit and history. 409 when the ring already runs the tag, promotions are paused, or the previous ring is not healthy on it. */
  async promoteRelease(
    request: PromoteReleaseRequest,
  ): Promise<ActionResult> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/releases/promote`, {
      query: undefined,
      headers: request.headers,
      body: request.body,
    });
  }

  /** Opens the infra repo pull request that pauses (or resumes) promotions of the product (its promotions.yaml). Same guard rails as a traffic change. 409 when they already are. */
  async setPromotions(
    request: SetPromotionsRequest,
  ): Promise<ActionResult> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/releases/promotions`, {
      query: undefined,
      headers: request.headers,
      body: request.body,
    });
  }

  /** Aborts a service's canary on one cluster through Argo CD's Rollout abort action (the stable version takes the traffic back). Same guard rails as a traffic change. 409 when Argo CD offers no abort (nothing in progress, or already aborted). */
  async abortRollout(
    request: AbortRolloutRequest,
  ): Promise<ActionResult> {
    return this.send("POST", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}/releases/abort`, {
      query: undefined,
      headers: request.headers,
      body: request.body,
    });
  }

  /** Every entry point that has the cluster as a target, with weights before and after its drain, the safety checks, and why a run would skip it. Changes nothing. */
  async getEvacuationPlan(
    request: GetEvacuationPlanRequest,
  ): Promise<EvacuationPlan> {
    return this.send("GET", `/clusters/${encodeURIComponent(request.path.cluster)}/evacuation`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** The cluster's evacuations, rehearsals and returns, newest first, and when it was last rehearsed. */
  async listEvacuations(
    request: ListEvacuationsRequest,
  ): Promise<EvacuationRuns> {
    return this.send("GET", `/clusters/${encodeURIComponent(request.path.cluster)}/evacuations`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Evacuates the cluster (`run`): one drain per entry point, each with its own compare-and-set against the plan and its own idempotency key, then verification; or rehearses it (`rehearsal`), writing nothing. Platform on-call only (`traffic.cluster.evacuate`). 202 with the run, which goes on in the background; 409 while another evacuation of the cluster runs. */
  async startEvacuation(
    request: StartEvacuationRequest,
  ): Promise<EvacuationRun> {
    return this.send("POST", `/clusters/${encodeURIComponent(request.path.cluster)}/evacuations`, {
      query: undefined,
      headers: undefined,
      body: request.body,
    });
  }

  /** One run with its steps, as it stands. */
  async getEvacuation(
    request: GetEvacuationRequest,
  ): Promise<EvacuationRun> {
    return this.send("GET", `/evacuations/${encodeURIComponent(request.path.id)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Goes on with a stopped run's remaining steps (a step already applied is not applied again). */
  async resumeEvacuation(
    request: ResumeEvacuationRequest,
  ): Promise<EvacuationRun> {
    return this.send("POST", `/evacuations/${encodeURIComponent(request.path.id)}/resume`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Restores exactly the weights the run changed, one entry point at a time; an entry point changed since is a conflict step, not overwritten. */
  async returnTraffic(
    request: ReturnTrafficRequest,
  ): Promise<EvacuationRun> {
    return this.send("POST", `/evacuations/${encodeURIComponent(request.path.id)}/return`, {
      query: undefined,
      headers: undefined,
      body: request.body,
    });
  }

  private async send(
    method: string,
    path: string,
    parts: { query?: object; headers?: object; body?: unknown },
  ): Promise<any> {
    const base = await this.options.discoveryApi.getBaseUrl("traffic");
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(parts.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.size ? `?${query}` : '';
    const headers: { [name: string]: string } = {};
    for (const [key, value] of Object.entries(parts.headers ?? {})) {
      if (value !== undefined) headers[key] = String(value);
    }
    if (parts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.options.fetchApi.fetch(`${base}${path}${search}`, {
      method,
      headers,
      body: parts.body === undefined ? undefined : JSON.stringify(parts.body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.status === 204 ? undefined : res.json();
  }
}
