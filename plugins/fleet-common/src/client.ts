import { ResponseError } from '@backstage/errors';
import { EntityFleet, FleetOverview } from './model';

/** The fleet API, as the frontend (or any other caller) sees it. */
export interface FleetApi {
  getEntityFleet(entity: {
    kind: string;
    namespace?: string;
    name: string;
  }): Promise<EntityFleet>;
  getOverview(): Promise<FleetOverview>;
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

  async getEntityFleet(entity: {
    kind: string;
    namespace?: string;
    name: string;
  }): Promise<EntityFleet> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const path = [entity.kind, entity.namespace ?? 'default', entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    const res = await this.options.fetchApi.fetch(`${base}/entities/${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }

  async getOverview(): Promise<FleetOverview> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const res = await this.options.fetchApi.fetch(`${base}/overview`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }
}
