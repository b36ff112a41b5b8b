import { ResponseError } from '@backstage/errors';
import {
  ActionRequest,
  ActionResult,
  ClusterSync,
  Preview,
  TrafficView,
} from './model';

type EntityName = { kind: string; namespace?: string; name: string };

/** The traffic API, as the failover panel (or any other caller) sees it. */
export interface TrafficApi {
  getView(entity: EntityName): Promise<TrafficView>;
  preview(entity: EntityName, request: ActionRequest): Promise<Preview>;
  apply(
    entity: EntityName,
    request: ActionRequest,
    options: { expectedVersion: string; idempotencyKey: string },
  ): Promise<ActionResult>;
  /** Argo CD auto-sync of the product per cluster. */
  getAutoSync(entity: EntityName): Promise<Record<string, ClusterSync>>;
  /** Pauses or resumes Argo CD auto-sync of the product on one cluster. */
  setAutoSync(
    entity: EntityName,
    request: { cluster: string; paused: boolean; reason: string },
    options: { idempotencyKey: string },
  ): Promise<ActionResult>;
}

/** HTTP client for the traffic backend (browser or backend-to-backend). */
export class TrafficClient implements TrafficApi {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  private async call<T>(
    entity: EntityName,
    suffix: string,
    init?: RequestInit,
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('traffic');
    const path = [entity.kind, entity.namespace ?? 'default', entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    const res = await this.options.fetchApi.fetch(
      `${base}/entities/${path}${suffix}`,
      init,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  getView(entity: EntityName) {
    return this.call<TrafficView>(entity, '');
  }

  preview(entity: EntityName, request: ActionRequest) {
    return this.call<Preview>(entity, '/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  apply(
    entity: EntityName,
    request: ActionRequest,
    options: { expectedVersion: string; idempotencyKey: string },
  ) {
    return this.call<ActionResult>(entity, '/actions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Idempotency-Key': options.idempotencyKey,
      },
      body: JSON.stringify({
        ...request,
        expectedVersion: options.expectedVersion,
      }),
    });
  }

  getAutoSync(entity: EntityName) {
    return this.call<Record<string, ClusterSync>>(entity, '/sync');
  }

  setAutoSync(
    entity: EntityName,
    request: { cluster: string; paused: boolean; reason: string },
    options: { idempotencyKey: string },
  ) {
    return this.call<ActionResult>(entity, '/sync', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Idempotency-Key': options.idempotencyKey,
      },
      body: JSON.stringify(request),
    });
  }
}
