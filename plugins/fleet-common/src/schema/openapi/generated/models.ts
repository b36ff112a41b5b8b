// This file is generated from plugins/fleet-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-fleet-backend generate`.
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

/** How a cell looks to an operator, fine, worth a look, broken, or not known. */
export type CellStatus = "ok" | "warning" | "critical" | "unknown";

/** One source's answer for one cluster. */
export type FleetCell = {
  status: CellStatus;
  /** One line an operator reads first, e.g. "Synced · Healthy · a1b2c3d". */
  summary: string;
  /** Source-specific detail for cards and drill-downs. */
  data?: {
    [key: string]: unknown;
  };
  /** Set when the source could not answer, the cluster is down, slow, or refused. */
  error?: {
    name: string;
    message: string;
  };
  /** When the answer was read from the cluster (ISO 8601). */
  fetchedAt: string;
  /** Runbook section for a warning or critical cell, relative to the portal's docs. */
  runbook?: string;
};

export type FleetClusterSummary = {
  name: string;
  title: string;
  provider: string;
  region: string;
  upgradeRing: string;
};

export type FleetRow = {
  cluster: FleetClusterSummary;
  /** By source id (`argocd`, `slo`, …). */
  cells: {
    [key: string]: FleetCell;
  };
  headroom?: Headroom;
};

/** N-1 headroom: could the clusters that answer absorb this cluster's replicas if it were lost? Judged from the clusters that answered (one that did not adds no room); for a cluster that did not answer, from its last answer (`lastAnsweredAt`). */
export type Headroom = {
  /** Replicas this cluster runs (or ran at its last answer). */
  needed: number;
  /** Room the answering others have left under their HPA maximums. */
  spare: number | null;
  /** null: cannot tell (this cluster never answered). */
  enough: boolean | null;
  reason: string;
  /** The cluster did not answer now: `needed` is from its answer at this time. */
  lastAnsweredAt?: string;
};

/** Would the product survive losing any one cloud, and why (not). */
export type FailoverReadiness = {
  verdict: "ready" | "not-ready" | "unknown";
  reasons: Array<string>;
};

export type EntityFleet = {
  entityRef: string;
  /** Whether the entity would survive losing any one cluster. */
  readiness?: FailoverReadiness;
  sources: Array<{
    id: string;
    title: string;
  }>;
  rows: Array<FleetRow>;
  generatedAt: string;
};

/** One product on one cluster, for the fleet overview. */
export type OverviewCell = {
  status: CellStatus;
  /** Revisions Argo CD reports as deployed there. */
  revisions: Array<string>;
  summary: string;
  /** Share of the product's entry-point traffic there (0–1), when known. */
  share?: number;
  /** The cluster is drained from the product's entry point. */
  drained?: boolean;
  /** The product's SLO verdict there on its own: critical is paging (page-level burn), warning is burning (ticket-level), unknown when the SLO source did not answer. */
  slo?: CellStatus;
};

export type OverviewProduct = {
  entityRef: string;
  title: string;
  /** The owning group (entity ref), as the catalog holds it. */
  owner?: string;
  /** By cluster name. */
  cells: {
    [key: string]: OverviewCell;
  };
  /** The product runs different revisions on different clusters. */
  drift: boolean;
  driftReason?: string;
};

/** The platform's Kyverno policy set on a cluster, from the Argo CD Application that applies it: the infra repo revision deployed and the one Argo CD compares with; or why it is not known. */
export type PolicySet = {
  application?: string;
  /** Deployed infra repo revision (full SHA). */
  revision?: string;
  /** The revision Argo CD compares the cluster with. */
  targetRevision?: string;
  sync?: string;
  health?: string;
  /** The Application in the Argo CD UI. */
  url?: string;
  /** Why the policy set is not known (the others are then absent). */
  error?: string;
};

export type OverviewCluster = (FleetClusterSummary & {
  /** Worst of the cluster's health checks; a check that did not answer is critical (as on the cluster's own page). */
  status?: CellStatus;
  policySet?: PolicySet;
});

export type FleetOverview = {
  clusters: Array<OverviewCluster>;
  products: Array<OverviewProduct>;
  /** The clusters run different revisions of the policy set. */
  policyDrift: boolean;
  policyDriftReason?: string;
  generatedAt: string;
  summary?: OverviewSummary;
  /** Where `products` sits among the matching products. */
  page?: {
    total: number;
    offset: number;
    limit: number;
  };
  /** What the filters can take, over every product the user may see. */
  facets?: {
    teams: Array<string>;
    providers: Array<string>;
    rings: Array<string>;
  };
};

/** Counts over every product the filters match (not only the page). */
export type OverviewSummary = {
  products: number;
  critical: number;
  warning: number;
  unknown: number;
  drift: number;
  /** Products whose SLO pages (page-level burn) on a shown cluster. */
  paging: number;
  /** Products whose SLO burns at ticket level (and none pages) on a shown cluster. */
  burning: number;
};

/** One cluster (a registry Resource), its registry fields, whether each upstream the portal reads on it answers, and the products running there. */
export type ClusterFleet = {
  entityRef: string;
  cluster: FleetClusterSummary;
  /** The registry entry's spec, as the catalog holds it. */
  registry: {
    [key: string]: unknown;
  };
  /** Worst of the health checks; a check that did not answer is critical. */
  status: CellStatus;
  /** One check per source that can probe its upstream, by source id. */
  health: {
    [key: string]: FleetCell;
  };
  sources: Array<{
    id: string;
    title: string;
  }>;
  /** Products (Systems) deployed here that the user may see. */
  products: Array<({
    entityRef: string;
    title: string;
  } & OverviewCell)>;
  generatedAt: string;
};
