/**
 * The fleet view's wire model, shared by the backend and the frontend. The
 * OpenAPI spec in plugins/fleet-backend/src/schema/openapi.yaml is the
 * contract: these types are generated from it
 * (src/schema/openapi/generated/models.ts) and re-exported here. What a cell's
 * `data` holds per source is typed apart, in cellData.ts.
 */
export type {
  CellStatus,
  ClusterFleet,
  EntityFleet,
  FailoverReadiness,
  FleetCell,
  FleetClusterSummary,
  FleetOverview,
  FleetRow,
  Headroom,
  OverviewCell,
  OverviewCluster,
  OverviewProduct,
  OverviewSummary,
  PolicySet,
} from './schema/openapi/generated/models';
