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
  kind: "drain" | "restore" | "weights" | "expire" | "sync-pause" | "sync-resume" | "promote" | "promotions-pause" | "promotions-resume" | "rollout-abort";
  cluster?: string;
  actor: string;
  reason: string;
  outcome: ActionOutcome;
  error?: string;
  weightsBefore: Weights;
  weightsAfter: Weights;
  /** The pull request a release action opened on the infra repo. */
  pullRequestUrl?: string;
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

export type PromoteRequest = {
  service: string;
  /** The ring to promote to (`ring-1`); the previous ring's tag is copied to it. */
  ring: string;
  reason: string;
};

export type PromotionsRequest = {
  paused: boolean;
  reason: string;
};

export type AbortRequest = {
  service: string;
  cluster: ClusterName;
  reason: string;
};

/** One service's Argo CD application on one cluster of a ring. */
export type ReleaseCluster = {
  cluster: string;
  /** The Argo CD application, when there is one. */
  app?: string;
  sync?: string;
  health?: string;
  /** Argo CD reports the ring's image and tag among the application's images. */
  runsTag: boolean;
  images: Array<string>;
  /** Argo CD offers to abort the service's Rollout here (a canary is in progress). */
  abortable: boolean;
  /** Why the application could not be read, in place of it. */
  error?: string;
};

export type ReleaseRing = {
  ring: string;
  tag: string;
  clusters: Array<ReleaseCluster>;
};

export type ServiceRelease = {
  service: string;
  image: string;
  /** The service's file in the infra repo. */
  file: string;
  rings: Array<ReleaseRing>;
  /** The next promotion: the first ring whose tag differs from the previous ring's, and whether the previous ring is Synced and Healthy on its tag on every cluster (why not, in words). */
  promotion?: {
    from: string;
    to: string;
    tag: string;
    ready: boolean;
    reason: string;
  };
};

export type ReleasePullRequest = {
  url: string;
  title: string;
  branch: string;
};

/** Which version runs in which ring, and what can be promoted, paused or aborted. */
export type ReleaseView = {
  /** Promotions of the product are paused (its promotions.yaml). */
  paused: boolean;
  promotionsFile: string;
  services: Array<ServiceRelease>;
  /** Open release pull requests of the product on the infra repo. */
  pullRequests: Array<ReleasePullRequest>;
  /** Release files that could not be read, in words. */
  problems: Array<string>;
  /** Why the infra repo could not be read, in place of the rest. */
  error?: string;
  permission: {
    allowed: boolean;
    reason?: string;
  };
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

/** One entry point that has the cluster as a target, and what evacuating it would do. */
export type EvacuationPlanEntry = {
  entityRef: string;
  title: string;
  owner?: string;
  entryPoint: string;
  /** The entry point's version when planned; the run applies only if it is unchanged. */
  version?: string;
  weightsBefore: Weights;
  weightsAfter: Weights;
  checks: Array<SafetyCheck>;
  allowed: boolean;
  /** Why a run would skip this entry point (the failing checks, or why it could not be read). */
  skipReason?: string;
};

export type EvacuationPlan = {
  cluster: string;
  entries: Array<EvacuationPlanEntry>;
  generatedAt: string;
};

export type EvacuationRequestBody = {
  /** `run` moves traffic; `rehearsal` checks and predicts, and writes nothing. */
  mode: "run" | "rehearsal";
  reason: string;
  /** The cluster's name, typed again. */
  confirmCluster: string;
  /** Go on with the other entry points when one is refused (else the run stops there). */
  continueOnRefusal?: boolean;
  /** Pause Argo CD auto-sync of every product on the cluster after the drains (default true); returning traffic resumes it. */
  freeze?: boolean;
  /** How long the freeze lasts unless traffic is returned first (default 24): at expiry the portal resumes exactly what the freeze paused. */
  freezeHours?: number;
};

export type ReturnTrafficBody = {
  reason: string;
};

export type EvacuationStep = {
  id: string;
  kind: "preflight" | "entry-point" | "freeze" | "unfreeze" | "verify";
  title: string;
  entityRef?: string;
  entryPoint?: string;
  version?: string;
  status: "pending" | "passed" | "applied" | "skipped" | "refused" | "conflict" | "failed" | "verified" | "predicted";
  detail?: string;
  weightsBefore?: Weights;
  weightsAfter?: Weights;
  actionId?: string;
  /** Freeze: the products whose Argo CD auto-sync this run paused (unfreeze resumes exactly these). */
  frozen?: Array<string>;
  /** Freeze: when the portal resumes what it paused, unless traffic was returned before. */
  expiresAt?: string;
  /** Freeze: when what it paused was resumed (by a return, or at expiry). */
  thawedAt?: string;
  finishedAt?: string;
};

export type EvacuationRun = {
  id: string;
  cluster: string;
  mode: "run" | "rehearsal" | "return";
  /** The run whose changes a `return` run undoes. */
  returnOf?: string;
  actor: string;
  reason: string;
  continueOnRefusal: boolean;
  status: "running" | "completed" | "stopped" | "rehearsed";
  steps: Array<EvacuationStep>;
  /** Rehearsal: how long until DNS answers without the cluster (TTL + health-check interval + propagation). */
  predictedConvergenceSeconds?: number;
  /** Run: from the start to every entry point no longer answering the cluster at its provider. */
  verifiedAfterSeconds?: number;
  /** Run: from the start to every entry point no longer answering the cluster when its authoritative nameservers are asked. */
  dnsClearAfterSeconds?: number;
  /** Run: from the start to every moved product's SLO being OK on each cluster that still serves it (watched for an hour after the run). */
  sloOkAfterSeconds?: number;
  createdAt: string;
  finishedAt?: string;
};

export type EvacuationRuns = {
  items: Array<EvacuationRun>;
  lastRehearsedAt?: string;
  /** No rehearsal of this cluster in the last 30 days. */
  rehearsalOverdue: boolean;
};
