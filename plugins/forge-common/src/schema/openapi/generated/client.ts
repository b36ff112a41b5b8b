// This file is generated from plugins/forge-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-forge-backend generate`.
/* eslint-disable */
import { ResponseError } from '@backstage/errors';
import type { PullRequest, RepoList, RepoDetail, RepoFile, PullRequestList, PullRequestDetail } from './models';

export type ListReposRequest = {};

export type GetRepoRequest = {
  path: {
    owner: string;
    name: string;
  };
};

export type GetRepoFileRequest = {
  path: {
    owner: string;
    name: string;
  };
  query: {
    path: string;
  };
};

export type ListPullRequestsRequest = {
  query?: {
    repo?: string;
  };
};

export type GetPullRequestRequest = {
  path: {
    /** The pull request's number (anything else is answered 404). */
    id: string;
  };
};

export type MergePullRequestRequest = {
  path: {
    /** The pull request's number (anything else is answered 404). */
    id: string;
  };
};

/**
 * The forge API's client, generated from its OpenAPI spec. Takes what it
 * needs from the host (where the plugin lives, and an authenticated fetch),
 * so it works in the browser and between backends alike.
 */
export class ForgeApiClient {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  /** The repositories the signed-in user may read. */
  async listRepos(): Promise<RepoList> {
    return this.send("GET", `/repos`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** One repository, its files and its pull requests. */
  async getRepo(
    request: GetRepoRequest,
  ): Promise<RepoDetail> {
    return this.send("GET", `/repos/${encodeURIComponent(request.path.owner)}/${encodeURIComponent(request.path.name)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** One file of the repository's default branch, as text (what the Forge page shows at /forge/<owner>/<name>/blob/main/<path>, the address the catalog holds for a product's entities). */
  async getRepoFile(
    request: GetRepoFileRequest,
  ): Promise<RepoFile> {
    return this.send("GET", `/repos/${encodeURIComponent(request.path.owner)}/${encodeURIComponent(request.path.name)}/file`, {
      query: request.query,
      headers: undefined,
      body: undefined,
    });
  }

  /** The pull requests the signed-in user may read, of one repository or all. */
  async listPullRequests(
    request: ListPullRequestsRequest,
  ): Promise<PullRequestList> {
    return this.send("GET", `/pulls`, {
      query: request.query,
      headers: undefined,
      body: undefined,
    });
  }

  /** One pull request with its diff. */
  async getPullRequest(
    request: GetPullRequestRequest,
  ): Promise<PullRequestDetail> {
    return this.send("GET", `/pulls/${encodeURIComponent(request.path.id)}`, {
      query: undefined,
      headers: undefined,
      body: undefined,
    });
  }

  /** Merges a pull request: `forge.pullrequest.merge` on its product (the owners), or `forge.infra.merge` (platform admins) for the infra repo and repositories of no product, and never by one of its own authors there. Every attempt is audited; a merge is published as a repo-changed event. */
  async mergePullRequest(
    request: MergePullRequestRequest,
  ): Promise<PullRequest> {
    return this.send("POST", `/pulls/${encodeURIComponent(request.path.id)}/merge`, {
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
    const base = await this.options.discoveryApi.getBaseUrl("forge");
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
