// This file is generated from plugins/fleet-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-fleet-backend generate`.
/* eslint-disable */
import { ResponseError } from '@backstage/errors';
import type { CellStatus, EntityFleet, FleetOverview, ClusterFleet } from './models';

export type GetClusterFleetRequest = {
  path: {
    name: string;
  };
};

export type GetOverviewRequest = {
  query?: {
    /** Only products owned by this group (entity ref). */
    team?: string;
    /** Only products whose worst cell (on the shown clusters) has this status. */
    status?: CellStatus;
    /** Only these clusters (and the products on them). */
    provider?: "aws" | "gcp" | "azure";
    /** Only clusters of this upgrade ring (and the products on them). */
    ring?: string;
    /** Only products that need attention (critical, warning, unknown or drift). */
    problems?: boolean;
    offset?: number;
    limit?: number;
  };
};

export type GetEntityFleetRequest = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
};

/**
 * The fleet API's client, generated from its OpenAPI spec. Takes what it
 * needs from the host (where the plugin lives, and an authenticated fetch),
 * so it works in the browser and between backends alike.
 */
export class FleetApiClient {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  /** One cluster of the registry: its registry fields, whether each upstream the portal reads there (Kubernetes API, Argo CD, Prometheus) answers, and the products deployed on it that the user may see. */
  async getClusterFleet(
    request: GetClusterFleetRequest,
  ): Promise<ClusterFleet> {
    return this.send("GET", `/clusters/${encodeURIComponent(request.path.name)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Every product (System with trinity.io/clusters) the user may see, by cluster: the worst status of its cells and the revisions deployed, with version drift flagged. Filtered and paged on the server: the products that need attention first (critical, warning, unknown, drift), then by title; `summary` counts every matching product, not only the page. Without `limit`, every matching product. */
  async getOverview(
    request: GetOverviewRequest,
  ): Promise<FleetOverview> {
    return this.send("GET", `/overview`, {
      query: request.query,
      headers: undefined,
      body: undefined,
    });
  }

  /** The fleet view of one catalog entity (Component or System). */
  async getEntityFleet(
    request: GetEntityFleetRequest,
  ): Promise<EntityFleet> {
    return this.send("GET", `/entities/${encodeURIComponent(request.path.kind)}/${encodeURIComponent(request.path.namespace)}/${encodeURIComponent(request.path.name)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  private async send(
    method: string,
    path: string,
    parts: { query?: object; headers?: object; body?: unknown },
  ): Promise<any> {
    const base = await this.options.discoveryApi.getBaseUrl("fleet");
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
