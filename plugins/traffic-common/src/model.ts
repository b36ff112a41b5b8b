/**
 * The traffic family's wire model. The OpenAPI spec in
 * plugins/traffic-backend/src/schema/openapi.yaml is the contract: the wire
 * types are generated from it (src/schema/openapi/generated/models.ts) and
 * re-exported here under the names the family uses. Only what the wire does
 * not carry as such is written by hand.
 */
import type { TrafficAction } from './schema/openapi/generated/models';

export type {
  AbortRequest,
  ActionOutcome,
  ActionRequestBody,
  ActionResult,
  ClusterSync,
  ClusterSyncs,
  ClusterTraffic,
  Drain,
  EntryPointState,
  EvacuationPlan,
  EvacuationPlanEntry,
  EvacuationRequestBody,
  EvacuationRun,
  EvacuationRuns,
  EvacuationStep,
  HistoryEntry,
  PendingChange,
  Preview,
  PromoteRequest,
  PromotionsRequest,
  ReleaseCluster,
  ReleasePullRequest,
  ReleaseRing,
  ReleaseView,
  ServiceRelease,
  ProviderHealth,
  ProviderRecord,
  ReturnTrafficBody,
  SafetyCheck,
  SyncRequest,
  TrafficAction,
  TrafficActionKind,
  TrafficView,
  Weights,
} from './schema/openapi/generated/models';

/**
 * An action and why, as the services take it: the wire's flat body
 * (ActionRequestBody) narrowed to the action's kind, without the
 * compare-and-set version, which travels beside it.
 */
export type ActionRequest = TrafficAction & {
  reason: string;
  /** Auto-restore a drain after this many minutes. */
  expiresInMinutes?: number;
  /** Go ahead although an overridable check fails; needs `reason` to say why. */
  force?: boolean;
};
