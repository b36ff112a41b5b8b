import {
  AbortRequest,
  ActionRequest,
  ActionResult,
  ClusterSyncs,
  EvacuationPlan,
  EvacuationRequestBody,
  EvacuationRun,
  EvacuationRuns,
  Preview,
  PromoteRequest,
  PromotionsRequest,
  ReleaseView,
  SyncRequest,
  TrafficView,
} from './model';
import { TrafficApiClient } from './schema/openapi/generated/client';
import {
  EntityName,
  entityPathOf as pathOf,
} from '@internal/plugin-platform-common';

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
  getAutoSync(entity: EntityName): Promise<ClusterSyncs>;
  /** Pauses or resumes Argo CD auto-sync of the product on one cluster. */
  setAutoSync(
    entity: EntityName,
    request: SyncRequest,
    options: { idempotencyKey: string },
  ): Promise<ActionResult>;
  /** Which version runs in which ring, and what can be promoted or aborted. */
  getReleases(entity: EntityName): Promise<ReleaseView>;
  /** Opens the pull request moving a version to the next ring. */
  promote(
    entity: EntityName,
    request: PromoteRequest,
    options: { idempotencyKey: string },
  ): Promise<ActionResult>;
  /** Opens the pull request pausing (or resuming) the product's promotions. */
  setPromotions(
    entity: EntityName,
    request: PromotionsRequest,
    options: { idempotencyKey: string },
  ): Promise<ActionResult>;
  /** Aborts a service's canary on one cluster (Argo CD's Rollout action). */
  abortRollout(
    entity: EntityName,
    request: AbortRequest,
    options: { idempotencyKey: string },
  ): Promise<ActionResult>;
  /** Every entry point on a cluster and what evacuating it would do. */
  getEvacuationPlan(cluster: string): Promise<EvacuationPlan>;
  /** A cluster's runs, rehearsals and returns, and when it was last rehearsed. */
  listEvacuations(cluster: string): Promise<EvacuationRuns>;
  startEvacuation(
    cluster: string,
    body: EvacuationRequestBody,
  ): Promise<EvacuationRun>;
  getEvacuation(id: string): Promise<EvacuationRun>;
  resumeEvacuation(id: string): Promise<EvacuationRun>;
  returnTraffic(id: string, reason: string): Promise<EvacuationRun>;
}

/**
 * HTTP client for the traffic backend (browser or backend-to-backend): the
 * generated client, called with an entity's name the way the catalog spells
 * it (lower case, `default` namespace when none is given).
 */
export class TrafficClient implements TrafficApi {
  private readonly api: TrafficApiClient;

  constructor(options: ConstructorParameters<typeof TrafficApiClient>[0]) {
    this.api = new TrafficApiClient(options);
  }

  getView(entity: EntityName) {
    return this.api.getTrafficView({ path: pathOf(entity) });
  }

  preview(entity: EntityName, request: ActionRequest) {
    return this.api.previewTrafficAction({
      path: pathOf(entity),
      body: request,
    });
  }

  apply(
    entity: EntityName,
    request: ActionRequest,
    options: { expectedVersion: string; idempotencyKey: string },
  ) {
    return this.api.applyTrafficAction({
      path: pathOf(entity),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      body: { ...request, expectedVersion: options.expectedVersion },
    });
  }

  getAutoSync(entity: EntityName) {
    return this.api.getAutoSync({ path: pathOf(entity) });
  }

  setAutoSync(
    entity: EntityName,
    request: SyncRequest,
    options: { idempotencyKey: string },
  ) {
    return this.api.toggleAutoSync({
      path: pathOf(entity),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      body: request,
    });
  }

  getReleases(entity: EntityName) {
    return this.api.getReleases({ path: pathOf(entity) });
  }

  promote(
    entity: EntityName,
    request: PromoteRequest,
    options: { idempotencyKey: string },
  ) {
    return this.api.promoteRelease({
      path: pathOf(entity),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      body: request,
    });
  }

  setPromotions(
    entity: EntityName,
    request: PromotionsRequest,
    options: { idempotencyKey: string },
  ) {
    return this.api.setPromotions({
      path: pathOf(entity),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      body: request,
    });
  }

  abortRollout(
    entity: EntityName,
    request: AbortRequest,
    options: { idempotencyKey: string },
  ) {
    return this.api.abortRollout({
      path: pathOf(entity),
      headers: { 'Idempotency-Key': options.idempotencyKey },
      body: request,
    });
  }

  getEvacuationPlan(cluster: string) {
    return this.api.getEvacuationPlan({ path: { cluster } });
  }

  listEvacuations(cluster: string) {
    return this.api.listEvacuations({ path: { cluster } });
  }

  startEvacuation(cluster: string, body: EvacuationRequestBody) {
    return this.api.startEvacuation({ path: { cluster }, body });
  }

  getEvacuation(id: string) {
    return this.api.getEvacuation({ path: { id } });
  }

  resumeEvacuation(id: string) {
    return this.api.resumeEvacuation({ path: { id } });
  }

  returnTraffic(id: string, reason: string) {
    return this.api.returnTraffic({ path: { id }, body: { reason } });
  }
}
