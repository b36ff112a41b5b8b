import { EntityName, entityPathOf } from '@internal/plugin-platform-common';
import { ClusterFleet, EntityFleet, FleetOverview } from './model';
import {
  FleetApiClient,
  GetOverviewRequest,
} from './schema/openapi/generated/client';

/** What the overview can be asked for: filters and a page (GET /overview). */
export type OverviewQuery = NonNullable<GetOverviewRequest['query']>;

/** The fleet API, as the frontend (or any other caller) sees it. */
export interface FleetApi {
  getEntityFleet(entity: EntityName): Promise<EntityFleet>;
  getOverview(query?: OverviewQuery): Promise<FleetOverview>;
  getClusterFleet(name: string): Promise<ClusterFleet>;
}

/**
 * HTTP client for the fleet backend: the generated client, called with an
 * entity's name the way the catalog spells it.
 */
export class FleetClient implements FleetApi {
  private readonly api: FleetApiClient;

  constructor(options: ConstructorParameters<typeof FleetApiClient>[0]) {
    this.api = new FleetApiClient(options);
  }

  getEntityFleet(entity: EntityName): Promise<EntityFleet> {
    return this.api.getEntityFleet({ path: entityPathOf(entity) });
  }

  getOverview(query?: OverviewQuery): Promise<FleetOverview> {
    return this.api.getOverview({ query });
  }

  getClusterFleet(name: string): Promise<ClusterFleet> {
    return this.api.getClusterFleet({ path: { name } });
  }
}
