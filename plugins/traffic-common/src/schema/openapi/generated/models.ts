// This file is generated from plugins/traffic-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-traffic-backend generate`.
/* eslint-disable */
export type Error = {
  error: {
    name: string;
    message: string;
  };
  request?: {
    method: string;
    url: string;
  };
  response: {
    statusCode: number;
  };
};

/** A registered cluster's name (a DNS label). */
export type ClusterName = string;

/** Weight per cluster, whole numbers from 0 (drained) to 255. */
export type Weights = {
  [key: string]: number;
};

export type TrafficActionKind = "drain" | "restore" | "weights";

/** What an action does, without why. */
export type TrafficAction = {
  kind: "drain";
  cluster: string;
} | {
  kind: "restore";
  cluster: string;
} | {
  kind: "weights";
  weights: Weights;
};

/** A drain or restore names its cluster; a weights change names the weights (at least one cluster). */
export type ActionRequestBody = {
  kind: TrafficActionKind;
  cluster?: ClusterName;
  weights?: Weights;
  reason: string;
  /** Auto-restore a drain after this many minutes. */
  expiresInMinutes?: number;
  /** Go ahead although an overridable check fails; needs `reason` to say why. */
  force?: boolean;
  /** The entry point's version from the preview (compare-and-set). */
  expectedVersion?: string;
};

/** A DNS or load-balancer record as the provider holds it, printable. */
export type ProviderRecord = {
  /** What the record is, e.g. `shop.trinity.example. LUA A` or `pool aws-use1-prod-01`. */
  name: string;
  type: string;
  ttl?: number;
  /** The record's value(s) exactly as written to the provider. */
  content: Array<string>;
  /** Route 53 set identifier, Cloudflare pool id, … */
  setIdentifier?: string;
  weight?: number;
};

export type ProviderHealth = "healthy" | "unhealthy" | "unknown";

export type SafetyCheck = {
  id: "keeps-a-target" | "min-healthy" | "receivers-healthy" | "receivers-not-burning" | "headroom" | "cooldown" | "changes-something";
  title: string;
  status: "pass" | "fail";
  detail: string;
  /** `force` with a reason may override it (headroom only). */
  overridable: boolean;
};

export type Preview = {
  action: TrafficAction;
  version: string;
  weightsBefore: Weights;
  weightsAfter: Weights;
  recordsBefore: Array<ProviderRecord>;
  recordsAfter: Array<ProviderRecord>;
  checks: Array<SafetyCheck>;
  /** Every check passes, or only overridable ones fail and `force` is set. */
  allowed: boolean;
};

/** `pending`: recorded before the provider write and not settled yet (the provider did not answer in time, or the replica stopped mid-change); the portal settles it from the provider's records within a minute. */
export type ActionOutcome = "applied" | "refused" | "conflict" | "failed" | "pending";

export type HistoryEntry = {
  id: string;
  entryPoint: string;
  kind: "drain" | "restore" | "weights" | "expire" | "sync-pause" | "sync-resume";
  cluster?: string;
  actor: string;
  reason: string;
  outcome: ActionOutcome;
  error?: string;
  weightsBefore: Weights;
  weightsAfter: Weights;
  expiresAt?: string;
  createdAt: string;
};

export type Drain = {
  actionId: string;
  actor: string;
  reason: string;
  createdAt: string;
  /** Auto-restore time, when the drain carries one. */
  expiresAt?: string;
};

export type ClusterTraffic = {
  cluster: string;
  target: string;
  weight: number;
  health: ProviderHealth;
  healthDetail?: string;
  /** Share of new resolutions/requests this cluster gets now (0–1). */
  share: number;
  drain?: Drain;
};

export type PendingChange = {
  id: string;
  status: "PENDING" | "INSYNC";
  submittedAt?: string;
};

export type EntryPointState = {
  entityRef: string;
  name: string;
  provider: string;
  tier: string;
  ttl?: number;
  /** Changes whenever the provider's records change, the compare-and-set token. */
  version: string;
  clusters: Array<ClusterTraffic>;
  records: Array<ProviderRecord>;
  pendingChange?: PendingChange;
  fetchedAt: string;
};

export type ActionResult = {
  outcome: ActionOutcome;
  /** True when the idempotency key had been used, so nothing was done again. */
  replayed: boolean;
  entry: HistoryEntry;
  pendingChange?: PendingChange;
  /** Said with an applied change whose history entry is not written yet. */
  warning?: string;
};

export type SyncRequest = {
  cluster: ClusterName;
  paused: boolean;
  reason: string;
};

/** Argo CD auto-sync of a product's applications on one cluster. */
export type ClusterSync = {
  /** Every application's auto-sync is off (the kill switch is on). */
  paused: boolean;
  apps: Array<{
    name: string;
    automated: boolean;
  }>;
  /** Why it could not be read, in place of it. */
  error?: string;
};

/** Auto-sync by cluster name. */
export type ClusterSyncs = {
  [key: string]: ClusterSync;
};

/** What the failover panel needs in one answer. */
export type TrafficView = {
  state?: EntryPointState;
  /** Why the state could not be read, in place of it. */
  error?: {
    name: string;
    message: string;
  };
  drains: Array<Drain>;
  history: Array<HistoryEntry>;
  /** Whether the signed-in user may shift this product's traffic, and why not. */
  permission: {
    allowed: boolean;
    reason?: string;
  };
};
