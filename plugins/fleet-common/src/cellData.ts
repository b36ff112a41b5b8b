/**
 * What each fleet source puts in a cell's `data`, by source id. On the wire
 * (`FleetCell.data`) it is an open object; each source module declares its
 * type here (`FleetSource<ArgoCdCellData>` in @internal/plugin-fleet-node),
 * so a source that writes something else does not compile, and consumers
 * read it through `cellDataOf()` instead of casting.
 *
 * Type aliases, not interfaces, so they are assignable to the wire's
 * `Record<string, unknown>`.
 */
import { BurnRateEvaluation, SloStatus } from './burnRate';
import { CellStatus, FleetCell, Headroom, PolicySet } from './model';

/** One Argo CD Application of the entity on the cluster. */
export type ArgoCdApplicationData = {
  name: string;
  /** The application's own status: its health, and a warning when not synced. */
  status: CellStatus;
  /** Sync status as Argo CD reports it (`Synced`, `OutOfSync`, `Unknown`). */
  sync: string;
  /** Health status as Argo CD reports it (`Healthy`, `Degraded`, …). */
  health: string;
  /** Short (7 character) revision Argo CD synced, when it reports one. */
  revision?: string;
  /** When the last sync operation finished (ISO 8601). */
  lastSync?: string;
  /** Phase of the last sync operation (`Succeeded`, `Running`, …). */
  operation?: string;
  operationMessage?: string;
  /** Why Argo CD could not compare the application with its cluster. */
  condition?: string;
  /** The last three deployments, newest first. */
  history: Array<{ id: number; revision: string; deployedAt: string }>;
  /** The application in the Argo CD UI. */
  url: string;
};

/** The `argocd` cell: the entity's applications on the cluster. */
export type ArgoCdCellData = {
  applications: ArgoCdApplicationData[];
  /** Distinct short revisions of the applications, in application order. */
  revisions: string[];
};

/** The `argocd` health check of a cluster. */
export type ArgoCdProbeData = {
  version?: string;
  latencyMs: number;
  /** Read from the central Argo CD rather than the cluster's own. */
  central: boolean;
  /**
   * The platform's Kyverno policy set on the cluster: the Application that
   * applies it (`trinity.io/platform-resource: policies`), the infra repo
   * revision it deployed and the one Argo CD compares it to; or why it is
   * not known.
   */
  policySet?: PolicySet;
};

/**
 * One service (Deployment) of the entity on the cluster. Its replicas are
 * its Argo Rollouts `Rollout`'s when one has a `workloadRef` to the
 * Deployment (`countedFrom: 'Rollout'`): the controller scales the
 * referenced Deployment down to 0 once its own pods are up, so the
 * Deployment's numbers would say 0/0.
 */
export type WorkloadDeploymentData = {
  /** The Deployment's name. */
  name: string;
  ready: number;
  desired: number;
  /** Ready for at least `minReadySeconds`, when the object reports it. */
  available?: number;
  /**
   * Which object the numbers are from: the Deployment, or the Rollout that
   * references it (`rollout` names it). Absent means the Deployment.
   */
  countedFrom?: 'Deployment' | 'Rollout';
  /** The Rollout with a `workloadRef` to this Deployment, if any. */
  rollout?: string;
  /** The HorizontalPodAutoscaler that scales it (or its Rollout), if any. */
  hpa?: { current: number; max: number };
};

/**
 * N-1 headroom of one cluster, added to its workloads cell (and to its row)
 * by the fleet backend: one definition, the wire's (`Headroom`).
 */
export type WorkloadsHeadroom = Headroom;

/** The `workloads` cell: the entity's Deployments, pods and HPAs on the cluster. */
export type WorkloadsCellData = {
  deployments: WorkloadDeploymentData[];
  totals: {
    ready: number;
    desired: number;
    /** Container restarts across the entity's pods. */
    restarts: number;
    /** Pods with a container in CrashLoopBackOff. */
    crashLooping: number;
    /** HPA current replicas (desired where no HPA), summed. */
    hpaCurrent: number;
    /** HPA maximum replicas (desired where no HPA), summed. */
    hpaMax: number;
  };
  /** Added by the fleet backend across clusters, not by the source. */
  headroom?: WorkloadsHeadroom;
};

/**
 * The `mesh` cell: whether the entity's namespace is in Istio's ambient
 * mesh (`istio.io/dataplane-mode=ambient` on the live Namespace) and which
 * mutual TLS mode its PeerAuthentications (security.istio.io/v1) give it.
 */
export type MeshCellData = {
  namespace: string;
  /** The Namespace's `istio.io/dataplane-mode` label, when it has one. */
  dataplaneMode?: string;
  /** `dataplaneMode` is `ambient`: the node's ztunnel carries its pods' traffic. */
  ambient: boolean;
  /**
   * The namespace's mutual TLS mode: its namespace-wide PeerAuthentication's
   * (no selector), else the mesh-wide one's (in the root namespace,
   * `istio-system`), else Istio's default, PERMISSIVE. `UNSET` inherits.
   */
  mtls: {
    mode: string;
    /** `namespace/name` of the PeerAuthentication it comes from; absent: Istio's default. */
    from?: string;
  };
  /**
   * Workload- or port-level PeerAuthentications in the namespace that let
   * some pods or ports accept plaintext (PERMISSIVE or DISABLE).
   */
  exceptions: Array<{ name: string; mode: string; ports?: string[] }>;
  /** Whether the cluster serves security.istio.io/v1 PeerAuthentication at all. */
  istio: boolean;
};

/** The `workloads` (Kubernetes API) health check of a cluster. */
export type KubernetesProbeData = {
  gitVersion?: string;
  /** Minor version the cluster registry says the cluster runs. */
  registered?: string;
  latencyMs: number;
};

export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

/** The `policy` cell: Kyverno PolicyReport results for the entity's workloads. */
export type PolicyCellData = {
  counts: Record<PolicyResult, number>;
  /** Failures by severity (`unset` when the policy has none). */
  bySeverity: Record<string, number>;
  /** Failing (and erroring) policies, with the resources they failed on. */
  failing: Array<{
    policy: string;
    severity?: string;
    /** The policy's `policies.kyverno.io/category`, as Kyverno copies it. */
    category?: string;
    message?: string;
    /** `Kind/name` */
    resources: string[];
  }>;
  /**
   * Admissions Kyverno refused in the last `windowHours` (no report covers
   * a resource that was never let in), newest first; or why they could not
   * be read.
   */
  blocked?: BlockedAdmissions;
  /**
   * Kyverno PolicyExceptions that skipped policies for these workloads (from
   * the reports' skipped results), with what the exception object says.
   */
  exceptions?: Array<{
    name: string;
    namespace?: string;
    /** Policies it skipped here. */
    policies: string[];
    /** `Kind/name` of the workloads it covered. */
    resources: string[];
    /** Whether the PolicyException object was found (false: only the report names it). */
    found: boolean;
    reason?: string;
    ticket?: string;
    approvedBy?: string;
    /** RFC 3339; Kyverno stops applying it then. */
    expiresAt?: string;
    expired?: boolean;
  }>;
};

/** Refused admissions of a window, or why they are not known. */
export type BlockedAdmissions =
  | {
      windowHours: number;
      count: number;
      recent: Array<{
        policy: string;
        rule?: string;
        /** `Kind/name` of the refused resource. */
        resource: string;
        message: string;
        at: string;
        count: number;
      }>;
    }
  | { windowHours: number; error: string };

/** One SLO of a service on one cluster. */
export type SloReading = {
  /** `sloth_slo`, e.g. `requests-availability`. */
  slo: string;
  objective: number | undefined;
  evaluation: BurnRateEvaluation;
};

/** One Sloth service's SLOs on one cluster. */
export type ServiceSloReading = {
  service: string;
  /** Worst status of the service's SLOs; `unknown` when none are recorded. */
  status: SloStatus;
  slos: SloReading[];
  reason: string;
};

/** The `slo` cell: every SLO of the entity's services on the cluster. */
export type SloCellData = {
  services: ServiceSloReading[];
};

/** The `slo` (Prometheus) health check of a cluster. */
export type PrometheusProbeData = {
  latencyMs: number;
};

/**
 * The `traffic` cell: the cluster's entry in the product's entry-point state,
 * as the traffic backend reports it (`ClusterTraffic` in
 * @internal/plugin-traffic-common, mirrored here so this package does not
 * depend on the traffic family).
 */
export type TrafficCellData = {
  cluster: string;
  target: string;
  weight: number;
  health: 'healthy' | 'unhealthy' | 'unknown';
  healthDetail?: string;
  /** Share of new resolutions/requests this cluster gets now (0–1). */
  share: number;
  /** An active drain of the cluster. */
  drain?: {
    actionId: string;
    actor: string;
    reason: string;
    createdAt: string;
    expiresAt?: string;
  };
};

/**
 * One Argo Rollouts `Rollout` of the entity on the cluster, in the terms
 * Argo Rollouts writes (`status.phase`, `status.currentStepIndex`, …; see
 * pkg/apis/rollouts/v1alpha1/types.go upstream).
 */
export type RolloutData = {
  name: string;
  namespace?: string;
  /** This Rollout's own verdict; the cell's is the worst of them. */
  status: CellStatus;
  /** `Healthy`, `Progressing`, `Paused` or `Degraded`. */
  phase: string;
  /** Why the phase is what it is (the controller's `status.message`). */
  message?: string;
  /**
   * Steps done out of all (`status.currentStepIndex` of the canary steps,
   * as `kubectl argo rollouts get` shows it: 2/6 is at the third step).
   * Absent for a Rollout without canary steps.
   */
  step?: { index: number; total: number };
  /** Share of the pods (or traffic, with traffic routing) on the canary, 0–100. */
  canaryWeight: number;
  /** The current step's analysis run (else the background one), when there is one. */
  analysis?: { name: string; status: string; message?: string };
  /** Image tag of the stable ReplicaSet's first container, when it can be read. */
  stableTag?: string;
  /** Image tag being rolled out; equals `stableTag` once fully promoted. */
  canaryTag?: string;
  /** The canary was aborted (by a failed analysis or by hand). */
  aborted: boolean;
  /** Paused, by a pause step, an inconclusive analysis or by hand. */
  paused: boolean;
  /** The stable ReplicaSet is the current one: nothing is being rolled out. */
  fullyPromoted: boolean;
};

/** The `rollout` cell: the entity's Argo Rollouts on the cluster. */
export type RolloutCellData = {
  rollouts: RolloutData[];
};

/** Cell data by source id, for the sources the fleet family ships. */
export type FleetCellDataBySource = {
  argocd: ArgoCdCellData;
  workloads: WorkloadsCellData;
  policy: PolicyCellData;
  slo: SloCellData;
  traffic: TrafficCellData;
  rollout: RolloutCellData;
  mesh: MeshCellData;
};

/**
 * The typed data of a source's cell: undefined for a missing cell, an error
 * cell, or a cell without data (a source answers `unknown` without data when
 * there is nothing to read).
 *
 * Pass the cell of that source: `cellDataOf(row.cells.slo, 'slo')`.
 */
export function cellDataOf<S extends keyof FleetCellDataBySource>(
  cell: FleetCell | undefined,
  _source: S,
): FleetCellDataBySource[S] | undefined {
  if (!cell || cell.error || !cell.data) return undefined;
  // The one place the wire's open object is narrowed. Safe because a cell
  // under a source id holds what that source returned (the fleet backend
  // copies `read`'s answer into the cell unchanged, adding only `headroom`
  // to workloads, which the type declares), and the source of each id
  // declares its data type (`FleetSource<SloCellData>`), so it does not
  // compile if it writes something else.
  return cell.data as FleetCellDataBySource[S];
}
