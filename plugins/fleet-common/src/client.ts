import { ResponseError } from '@backstage/errors';
import { ClusterFleet, EntityFleet, FleetOverview } from './model';

/** The fleet API, as the frontend (or any other caller) sees it. */
export interface FleetApi {
  getEntityFleet(entity: {
    kind: string;
    namespace?: string;
    name: string;
  }): Promise<EntityFleet>;
  getOverview(): Promise<FleetOverview>;
  getClusterFleet(name: string): Promise<ClusterFleet>;
}

/**
 * HTTP client for the fleet backend. Takes the two things it needs from the
 * host (where the plugin lives, and an authenticated fetch) so it works in
 * the browser and in backend-to-backend calls alike.
 */
export class FleetClient implements FleetApi {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  getEntityFleet(entity: {
    kind: string;
    namespace?: string;
    name: string;
  }): Promise<EntityFleet> {
    const path = [entity.kind, entity.namespace ?? 'default', entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    return this.get(`/entities/${path}`);
  }

  getOverview(): Promise<FleetOverview> {
    return this.get('/overview');
  }

  getClusterFleet(name: string): Promise<ClusterFleet> {
    return this.get(`/clusters/${encodeURIComponent(name)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }
}
