import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ActionResult,
  EvacuationPlan,
  EvacuationRequestBody,
  EvacuationRun,
  EvacuationRuns,
  EntryPointSpec,
  EvacuationStep,
  Weights,
} from '@internal/plugin-traffic-common';
import { Nameserver } from '@internal/plugin-traffic-node';
import { FleetSignals } from '../fleetSignals';
import { Product, ProductBindings } from '../ProductBindings';
import { SafetyRefusedError } from '../safetyGate';
import { ChangeInProgressError } from '../settlement';
import { ApplyContext } from '../TrafficService';
import { dnsVerdict } from './dnsCheck';
import { EvacuationStore } from './EvacuationStore';
import { DrainPreviewer, planEvacuation, productsOn } from './plan';

/** What a run needs of the traffic service: its preview, apply and read. */
export interface TrafficActions extends DrainPreviewer {
  apply(
    product: Product,
    request:
      | { kind: 'drain'; cluster: string; reason: string }
      | { kind: 'weights'; weights: Weights; reason: string },
    ctx: ApplyContext,
  ): Promise<ActionResult>;
  /** The entry point's weights and version at its provider now. */
  current(product: Product): Promise<{ weights: Weights; version: string }>;
  /** How long until a change in progress on the entry point settles (0: none). */
  changeInProgressMs?(product: Product): Promise<number>;
  /** The entry point and its authoritative nameservers, when its provider names them. */
  nameservers?(
    product: Product,
  ): Promise<{ entry: EntryPointSpec; nameservers?: Nameserver[] }>;
}

/** "1 entry point", "3 entry points". */
const count = (howMany: number, noun: string) =>
  `${howMany} ${noun}${howMany === 1 ? '' : 's'}`;

/** A product's name from its ref, as people say it (`system:default/shop` → shop). */
const nameOf = (ref: string) => ref.replace(/^[^:]+:(default\/)?/, '');

/** What a freeze needs of the auto-sync switch (ArgoSyncService). */
export interface AutoSyncSwitch {
  toggle(
    product: Product,
    request: { cluster: string; paused: boolean; reason: string },
    ctx: { actor: string; idempotencyKey?: string },
  ): Promise<ActionResult>;
}

/** How long a rehearsal predicts DNS takes to stop answering a cluster, beyond the TTL. */
const HEALTH_CHECK_SECONDS = 5;
const PROPAGATION_SECONDS: Record<string, number> = {
  // PowerDNS answers from its database at once; Route 53 says changes
  // reach its servers within 60 s; Cloudflare within seconds.
  powerdns: 1,
  route53: 60,
  cloudflare: 5,
};
const REHEARSAL_DUE_MS = 30 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
/** Rounds of DNS queries in a row without the cluster before an entry point is clear. */
const CLEAR_ROUNDS = 2;
/** How long a freeze lasts unless traffic is returned first. */
const DEFAULT_FREEZE_HOURS = 24;
const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Evacuates a cluster: one recorded run whose steps are a pre-flight check,
 * one drain per entry point that has the cluster as a target (each applied
 * through the traffic service with the version the plan read and its own
 * idempotency key, so a step applied before a restart is replayed, never
 * applied twice), and a verification at each provider. The run is written
 * after every step and executed under a lease, so a replica that stops
 * mid-run leaves it to another (resumeOrphans). A rehearsal checks the same
 * and writes nothing; a return restores exactly what a run changed.
 */
export class EvacuationService {
  constructor(
    private readonly options: {
      store: EvacuationStore;
      traffic: TrafficActions;
      /**
       * Tells a product's owners their traffic moved (Backstage
       * notifications); a failure to tell is logged, never fatal.
       */
      notify?: (notification: NotificationSendOptions) => Promise<void>;
      /** Pauses and resumes products' auto-sync; without it there is no freeze step. */
      autoSync?: AutoSyncSwitch;
      /** The fleet's verdicts per cluster: whether a moved product's SLOs recovered. */
      fleet?: FleetSignals;
      /** One audit event per step a run finishes, with the run's actor and reason. */
      auditor?: AuditorService;
      /** How long a step waits for another change to its entry point to settle (default 90 s). */
      changeWaitMs?: number;
      /** How long the verification waits for DNS to stop answering the cluster (default 120 s). */
      verifyTimeoutMs?: number;
      catalog: CatalogService;
      bindings: ProductBindings;
      auth: AuthService;
      logger: LoggerService;
      /** How long a replica holds a run it executes before another may take it. */
      leaseMs?: number;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  private async ownCredentials() {
    return this.options.auth.getOwnServiceCredentials();
  }

  /** The plan as `credentials` may see it (a user's: the products they can read). */
  async plan(
    cluster: string,
    credentials: BackstageCredentials,
  ): Promise<EvacuationPlan> {
    const {
      cluster: name,
      entries,
      generatedAt,
    } = await planEvacuation(cluster, {
      ...this.options,
      credentials,
      now: this.now(),
    });
    return { cluster: name, entries, generatedAt };
  }

  async list(cluster: string): Promise<EvacuationRuns> {
    const [items, rehearsal] = await Promise.all([
      this.options.store.list(cluster),
      this.options.store.lastRehearsal(cluster),
    ]);
    return {
      items,
      lastRehearsedAt: rehearsal?.createdAt,
      rehearsalOverdue:
        !rehearsal ||
        this.now().getTime() - Date.parse(rehearsal.createdAt) >
          REHEARSAL_DUE_MS,
    };
  }

  async get(id: string): Promise<EvacuationRun> {
    const run = await this.options.store.get(id);
    if (!run) throw new NotFoundError(`no evacuation ${id}`);
    return run;
  }

  /**
   * Starts a run (202: it goes on in the background) or records a
   * rehearsal (done when this returns). The caller has checked
   * `traffic.cluster.evacuate`; the plan is read with the plugin's own
   * credentials, so every product on the cluster moves.
   */
  async start(
    cluster: string,
    body: EvacuationRequestBody,
    actor: string,
  ): Promise<EvacuationRun> {
    if (body.confirmCluster.trim() !== cluster) {
      throw new InputError(
        `type the cluster's name (${cluster}) to confirm; "${body.confirmCluster}" does not match, nothing was done`,
      );
    }
    const reason = body.reason.trim();
    if (!reason) throw new InputError('a reason is required to evacuate');
    const plan = await planEvacuation(cluster, {
      ...this.options,
      credentials: await this.ownCredentials(),
      now: this.now(),
    });
    if (plan.entries.length === 0) {
      throw new NotFoundError(`no entry point has ${cluster} as a target`);
    }
    const rehearsal = body.mode === 'rehearsal';
    const steps: EvacuationStep[] = [
      {
        id: 'preflight',
        kind: 'preflight',
        title: `Pre-flight: ${count(
          plan.entries.length,
          'entry point',
        )} on ${cluster}`,
        status: 'passed',
        detail: `${
          plan.entries.filter(entry => entry.allowed).length
        } would move, ${
          plan.entries.filter(entry => !entry.allowed).length
        } would be skipped`,
        finishedAt: this.now().toISOString(),
      },
      ...plan.entries.map(
        (entry): EvacuationStep => ({
          id: `entry:${entry.entryPoint}`,
          kind: 'entry-point',
          title: `Drain ${cluster} from ${entry.entryPoint} (${entry.title})`,
          entityRef: entry.entityRef,
          entryPoint: entry.entryPoint,
          version: entry.version,
          weightsBefore: entry.weightsBefore,
          weightsAfter: entry.weightsAfter,
          status: firstStatus(entry.allowed, rehearsal),
          detail: entry.skipReason,
        }),
      ),
      ...(body.freeze !== false && this.options.autoSync
        ? [
            await this.freezeStep(
              cluster,
              rehearsal,
              new Date(
                this.now().getTime() +
                  (body.freezeHours ?? DEFAULT_FREEZE_HOURS) * HOUR_MS,
              ),
            ),
          ]
        : []),
      {
        id: 'verify',
        kind: 'verify',
        title: `Verify: no entry point answers ${cluster}, at its provider and in DNS`,
        status: rehearsal ? 'predicted' : 'pending',
      },
    ];
    const run: EvacuationRun = {
      id: EvacuationStore.newId(),
      cluster,
      mode: body.mode,
      actor,
      reason,
      continueOnRefusal: body.continueOnRefusal ?? false,
      status: rehearsal ? 'rehearsed' : 'running',
      steps,
      predictedConvergenceSeconds: rehearsal
        ? this.predictConvergence(plan)
        : undefined,
      createdAt: this.now().toISOString(),
      finishedAt: rehearsal ? this.now().toISOString() : undefined,
    };
    await this.options.store.create(run, this.now());
    if (!rehearsal) this.executeInBackground(run.id);
    return run;
  }

  /** Stops deploys to the cluster: every product's auto-sync there, paused. */
  private async freezeStep(
    cluster: string,
    rehearsal: boolean,
    expiresAt: Date,
  ): Promise<EvacuationStep> {
    const tenants = await productsOn(cluster, {
      ...this.options,
      credentials: await this.ownCredentials(),
      by: 'tenant',
    });
    const names = tenants.map(tenant => tenant.systemRef);
    return {
      id: 'freeze',
      kind: 'freeze',
      title: `Freeze: pause Argo CD auto-sync of ${count(
        names.length,
        'product',
      )} on ${cluster}`,
      status: rehearsal ? 'predicted' : 'pending',
      detail: rehearsal
        ? `would pause ${names
            .map(nameOf)
            .join(', ')} until ${expiresAt.toISOString()}`
        : undefined,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** Goes on with a stopped (or orphaned) run from its first unfinished step. */
  async resume(id: string): Promise<EvacuationRun> {
    const run = await this.get(id);
    if (run.mode === 'rehearsal' || run.status === 'completed') {
      throw new ConflictError(
        `evacuation ${id} is ${run.status}: nothing to resume`,
      );
    }
    const holder = await this.options.store.active(run.cluster);
    if (holder && holder.id !== id) {
      throw new ConflictError(
        `${run.cluster} is held by ${holder.mode} ${holder.id} (${holder.actor}); resume this one when it is done`,
      );
    }
    this.executeInBackground(id);
    return run;
  }

  /**
   * Restores exactly the weights `id` changed, one entry point at a time,
   * as a run of its own (mode `return`). An entry point changed since is a
   * conflict step, not overwritten: someone acted on it after the run.
   */
  async returnTraffic(
    id: string,
    reason: string,
    actor: string,
  ): Promise<EvacuationRun> {
    const evacuation = await this.get(id);
    if (evacuation.mode !== 'run') {
      throw new InputError(
        `${id} is a ${evacuation.mode}: only a run's changes can be returned`,
      );
    }
    if (evacuation.status === 'running') {
      throw new ConflictError(
        `evacuation ${id} is still running; return its traffic when it is done`,
      );
    }
    const applied = evacuation.steps.filter(
      step => step.kind === 'entry-point' && step.status === 'applied',
    );
    const frozen =
      evacuation.steps.find(step => step.kind === 'freeze')?.frozen ?? [];
    if (applied.length === 0 && frozen.length === 0) {
      throw new InputError(
        `evacuation ${id} moved no traffic: nothing to return`,
      );
    }
    if (!reason.trim())
      throw new InputError('a reason is required to return traffic');
    const run: EvacuationRun = {
      id: EvacuationStore.newId(),
      cluster: evacuation.cluster,
      mode: 'return',
      returnOf: id,
      actor,
      reason: reason.trim(),
      continueOnRefusal: true,
      status: 'running',
      steps: applied.map(step => ({
        id: `entry:${step.entryPoint}`,
        kind: 'entry-point',
        title: `Return ${evacuation.cluster} to ${step.entryPoint}`,
        entityRef: step.entityRef,
        entryPoint: step.entryPoint,
        // Back from what the run left to what it found.
        weightsBefore: step.weightsAfter,
        weightsAfter: step.weightsBefore,
        status: 'pending' as const,
      })),
      createdAt: this.now().toISOString(),
    };
    if (frozen.length) {
      run.steps.push({
        id: 'unfreeze',
        kind: 'unfreeze',
        title: `Unfreeze: resume Argo CD auto-sync of ${count(
          frozen.length,
          'product',
        )} on ${evacuation.cluster}`,
        status: 'pending',
        frozen,
      });
    }
    await this.options.store.create(run, this.now());
    this.executeInBackground(run.id);
    return run;
  }

  /** Runs whose replica stopped mid-run (lapsed lease): taken over here. */
  async resumeOrphans(): Promise<number> {
    const orphans = await this.options.store.orphaned(this.now());
    for (const run of orphans) this.executeInBackground(run.id);
    return orphans.length;
  }

  private executeInBackground(id: string) {
    this.execute(id).catch(error =>
      this.options.logger.error(`evacuation ${id} stopped: ${error}`),
    );
  }

  /**
   * Loads a product (entity and infra binding) by ref with the plugin's own
   * credentials, each once per loader; one that left the catalog is an error.
   */
  private async productLoader(): Promise<(ref: string) => Promise<Product>> {
    const credentials = await this.ownCredentials();
    const products = new Map<string, Product>();
    return async (entityRef: string) => {
      let product = products.get(entityRef);
      if (!product) {
        const entity = await this.options.catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (!entity) throw new NotFoundError(`${entityRef} left the catalog`);
        product = {
          entity,
          binding: await this.options.bindings.of(entity, credentials),
        };
        products.set(entityRef, product);
      }
      return product;
    };
  }

  /** Executes a run's pending steps under this replica's lease. */
  async execute(id: string): Promise<EvacuationRun | undefined> {
    const { store } = this.options;
    const leaseMs = this.options.leaseMs ?? 60_000;
    const lease = () => new Date(this.now().getTime() + leaseMs);
    if (!(await store.claim(id, this.now(), lease()))) return undefined;
    const run = (await store.get(id))!;
    const productOf = await this.productLoader();

    for (const step of run.steps) {
      if (step.status !== 'pending') continue;
      if (step.kind === 'entry-point') {
        const product = await productOf(step.entityRef!).catch(
          error => error as Error,
        );
        if (product instanceof Error) {
          finish(step, 'failed', product.message, this.now());
        } else {
          await this.applyStep(run, step, product, () =>
            store.renew(id, lease()),
          );
        }
      } else if (step.kind === 'freeze' || step.kind === 'unfreeze') {
        await this.switchAutoSync(run, step, productOf);
      } else if (step.kind === 'verify') {
        await this.verify(run, step, productOf, () => store.renew(id, lease()));
      }
      if (step.kind === 'unfreeze' && run.returnOf) {
        await this.markThawed(run.returnOf);
      }
      await store.save(run, this.now());
      await store.renew(id, lease());
      await this.audit(run, step);
      const stopped = ['refused', 'conflict', 'failed'].includes(step.status);
      if (stopped && !run.continueOnRefusal) {
        run.status = 'stopped';
        await store.save(run, this.now());
        return run;
      }
    }
    run.status = 'completed';
    run.finishedAt = this.now().toISOString();
    await store.save(run, this.now());
    return run;
  }

  private async applyStep(
    run: EvacuationRun,
    step: EvacuationStep,
    product: Product,
    renew: () => Promise<void>,
  ) {
    const reason = `${run.mode === 'return' ? 'return' : 'evacuation'} of ${
      run.cluster
    } (${run.id}): ${run.reason}`;
    try {
      let expectedVersion = step.version;
      if (run.mode === 'return') {
        // Compare first: restore only what the evacuation left there.
        const now = await this.options.traffic.current(product);
        if (!sameWeights(now.weights, step.weightsBefore!)) {
          finish(
            step,
            'conflict',
            `${
              step.entryPoint
            } changed since the evacuation (now ${describeWeights(
              now.weights,
            )}, it left ${describeWeights(
              step.weightsBefore!,
            )}); not overwritten — restore it from the product's Failover tab`,
            this.now(),
          );
          return;
        }
        expectedVersion = now.version;
      }
      const result = await this.waitingForChangesInProgress(
        product,
        renew,
        () =>
          this.options.traffic.apply(
            product,
            run.mode === 'return'
              ? { kind: 'weights', weights: step.weightsAfter!, reason }
              : { kind: 'drain', cluster: run.cluster, reason },
            {
              actor: run.actor,
              idempotencyKey: `${run.mode}:${run.id}:${step.entryPoint}`,
              expectedVersion,
            },
          ),
      );
      step.actionId = result.entry.id;
      if (result.outcome === 'applied' && run.mode === 'run') {
        // What the provider held and now holds: what a return restores.
        step.weightsBefore = result.entry.weightsBefore;
        step.weightsAfter = result.entry.weightsAfter;
      }
      if (result.outcome === 'applied')
        await this.tellOwners(run, step, product);
      finish(
        step,
        result.outcome === 'applied' ? 'applied' : 'failed',
        result.outcome === 'applied'
          ? `${describeWeights(result.entry.weightsBefore)} → ${describeWeights(
              result.entry.weightsAfter,
            )}${result.replayed ? ' (applied before a restart)' : ''}`
          : result.entry.error ?? result.outcome,
        this.now(),
      );
    } catch (caught) {
      const error = caught as Error;
      finish(step, statusOfError(error), error.message, this.now());
    }
  }

  /**
   * Applies, waiting while another change to the entry point is in
   * progress — a single drain someone is making, or this step's own
   * change left pending by a replica that stopped (it settles from the
   * provider's records, then the same key replays it) — for as long as
   * that change takes to settle, at most `changeWaitMs`; then the step is
   * a conflict that says what it waited for.
   */
  private async waitingForChangesInProgress<T>(
    product: Product,
    renew: () => Promise<void>,
    apply: () => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    const maxWaitMs = this.options.changeWaitMs ?? 90_000;
    const pause = async (settlesWithinMs: number) => {
      await renew();
      await sleep(Math.min(2000, Math.max(250, settlesWithinMs)));
    };
    for (;;) {
      // Asked first, so that waiting leaves no refused attempt in the
      // product's history; apply still refuses one that starts meanwhile.
      const ahead =
        (await this.options.traffic.changeInProgressMs?.(product)) ?? 0;
      if (ahead > 0 && Date.now() - started + ahead <= maxWaitMs) {
        await pause(ahead);
        continue;
      }
      try {
        return await apply();
      } catch (error) {
        if (
          !(error instanceof ChangeInProgressError) ||
          Date.now() - started + error.settlesWithinMs > maxWaitMs
        ) {
          throw error;
        }
        await pause(error.settlesWithinMs);
      }
    }
  }

  /** One notification per product and step: its owners, a link to its Failover tab. */
  private async tellOwners(
    run: EvacuationRun,
    step: EvacuationStep,
    { entity }: Product,
  ) {
    const owner = entity.spec?.owner;
    if (!this.options.notify || typeof owner !== 'string') return;
    const product = entity.metadata.title ?? entity.metadata.name;
    const returning = run.mode === 'return';
    try {
      await this.options.notify({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title: returning
            ? `${product}'s traffic returned to ${run.cluster}`
            : `${product}'s traffic moved off ${run.cluster}`,
          description: `${step.entryPoint}: ${describeWeights(
            step.weightsBefore ?? {},
          )} → ${describeWeights(step.weightsAfter ?? {})}. ${
            returning ? 'Returned' : 'Evacuated'
          } by ${run.actor}: ${run.reason}`,
          link: `/catalog/${entity.metadata.namespace ?? 'default'}/system/${
            entity.metadata.name
          }/failover`,
          severity: returning ? 'normal' : 'high',
          topic: 'traffic',
          // A step replayed after a restart updates, not repeats, it.
          scope: `${run.mode}:${run.id}:${step.entryPoint}`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `could not tell ${owner} that ${step.entryPoint} moved: ${error}`,
      );
    }
  }

  /**
   * Freeze: pauses every product's auto-sync on the cluster, each with its
   * own idempotency key (a restart replays, not repeats); one already paused
   * by someone else is left to them. Unfreeze resumes exactly the products
   * this run's freeze paused, with their recorded settings.
   */
  private async switchAutoSync(
    run: EvacuationRun,
    step: EvacuationStep,
    productOf: (ref: string) => Promise<Product>,
  ) {
    const paused = step.kind === 'freeze';
    const refs = paused
      ? (
          await productsOn(run.cluster, {
            ...this.options,
            credentials: await this.ownCredentials(),
            by: 'tenant',
          })
        ).map(found => found.systemRef)
      : step.frozen ?? [];
    const done: string[] = [];
    const left: string[] = [];
    const failed: string[] = [];
    for (const ref of refs) {
      try {
        await this.options.autoSync!.toggle(
          await productOf(ref),
          {
            cluster: run.cluster,
            paused,
            reason: `${paused ? 'freeze' : 'unfreeze'} of ${run.cluster} (${
              run.id
            }): ${run.reason}`,
          },
          {
            actor: run.actor,
            idempotencyKey: `${step.kind}:${run.id}:${ref}`,
          },
        );
        done.push(ref);
      } catch (caught) {
        const error = caught as Error;
        // Already paused (or resumed) by someone: theirs to undo, not ours.
        // A product the portal may not act on (its infra registration
        // disagrees with the catalog, or it has no application there) is
        // left alone, as the plan skips its drain; only a refusal from
        // Argo CD itself fails the step.
        if (
          error instanceof ConflictError ||
          error instanceof NotFoundError ||
          error instanceof InputError
        ) {
          left.push(`${nameOf(ref)} (${error.message})`);
        } else failed.push(`${nameOf(ref)}: ${error.message}`);
      }
    }
    if (paused) step.frozen = done;
    const said = [
      `${paused ? 'paused' : 'resumed'} ${
        done.length ? done.map(nameOf).join(', ') : 'none'
      }`,
      ...(left.length ? [`left as they were: ${left.join('; ')}`] : []),
      ...(failed.length ? [`failed: ${failed.join('; ')}`] : []),
    ].join(' · ');
    finish(step, failed.length ? 'failed' : 'applied', said, this.now());
  }

  /**
   * Each entry point the run changed no longer weighs the cluster at its
   * provider, and then no longer answers it in DNS: its authoritative
   * nameservers are asked (dnsCheck.ts) until every one is clear or the
   * timeout passes. The times to both are the run's recovery figures.
   */
  private async verify(
    run: EvacuationRun,
    step: EvacuationStep,
    productOf: (ref: string) => Promise<Product>,
    renew: () => Promise<void>,
  ) {
    const moved = run.steps.filter(
      other => other.kind === 'entry-point' && other.status === 'applied',
    );
    const still: string[] = [];
    for (const entry of moved) {
      try {
        const now = await this.options.traffic.current(
          await productOf(entry.entityRef!),
        );
        if ((now.weights[run.cluster] ?? 0) > 0) still.push(entry.entryPoint!);
      } catch (error) {
        still.push(`${entry.entryPoint} (${(error as Error).message})`);
      }
    }
    if (still.length) {
      finish(
        step,
        'failed',
        `still weighing ${run.cluster}: ${still.join(', ')}`,
        this.now(),
      );
      return;
    }
    const since = (start: string) =>
      Math.round(this.now().getTime() - Date.parse(start)) / 1000;
    run.verifiedAfterSeconds = since(run.createdAt);
    const provider = `${count(moved.length, 'entry point')} no longer weigh ${
      run.cluster
    } at their provider`;

    const dns = await this.askDns(run, moved, productOf, renew);
    if (dns.answering.length) {
      finish(
        step,
        'failed',
        `${provider}, but DNS still answers it after ${Math.round(
          this.verifyTimeoutMs() / 1000,
        )} s: ${dns.answering.join('; ')}`,
        this.now(),
      );
      return;
    }
    if (dns.asked.length) run.dnsClearAfterSeconds = since(run.createdAt);
    const said = [
      provider,
      ...(dns.asked.length
        ? [
            `their nameservers (${[...new Set(dns.servers)].join(
              ', ',
            )}) no longer answer it for ${count(
              dns.asked.length,
              'entry point',
            )}, ${run.dnsClearAfterSeconds} s after the start`,
          ]
        : []),
      ...(dns.unasked.length
        ? [`not asked in DNS: ${dns.unasked.join('; ')}`]
        : []),
    ];
    finish(step, 'verified', said.join('; '), this.now());
  }

  private verifyTimeoutMs() {
    return this.options.verifyTimeoutMs ?? 120_000;
  }

  /** Rounds of DNS queries until no moved entry point answers the cluster. */
  private async askDns(
    run: EvacuationRun,
    moved: EvacuationStep[],
    productOf: (ref: string) => Promise<Product>,
    renew: () => Promise<void>,
  ) {
    const waiting = new Map<
      string,
      {
        entry: EntryPointSpec;
        nameservers: Nameserver[];
        clearRounds: number;
        why?: string;
      }
    >();
    const unasked: string[] = [];
    const servers: string[] = [];
    for (const step of moved) {
      try {
        const found = await this.options.traffic.nameservers?.(
          await productOf(step.entityRef!),
        );
        if (!found?.nameservers?.length) {
          unasked.push(
            `${step.entryPoint} (${
              found?.entry.provider ?? 'its provider'
            } names no nameservers)`,
          );
        } else {
          waiting.set(step.entryPoint!, {
            entry: found.entry,
            nameservers: found.nameservers,
            clearRounds: 0,
          });
          servers.push(
            ...found.nameservers.map(ns => `${ns.address}:${ns.port}`),
          );
        }
      } catch (error) {
        unasked.push(`${step.entryPoint} (${(error as Error).message})`);
      }
    }
    const asked = [...waiting.keys()];
    const deadline = this.now().getTime() + this.verifyTimeoutMs();
    for (;;) {
      await Promise.all(
        [...waiting].map(async ([name, pending]) => {
          const verdict = await dnsVerdict(
            pending.entry,
            pending.nameservers,
            run.cluster,
          );
          // Clear twice in a row, half a second apart: twenty answers
          // without the cluster, not one lucky round.
          if (verdict.state === 'clear') {
            pending.clearRounds++;
            if (pending.clearRounds >= CLEAR_ROUNDS) waiting.delete(name);
            return;
          }
          pending.clearRounds = 0;
          pending.why =
            verdict.state === 'answers'
              ? `${name} still answers ${verdict.target}`
              : verdict.why;
        }),
      );
      if (!waiting.size || this.now().getTime() >= deadline) break;
      await renew();
      await sleep(500);
    }
    return {
      asked,
      servers,
      unasked,
      answering: [...waiting.values()].map(pending => pending.why!),
    };
  }

  /** Marks a run's freeze lifted (its products' auto-sync resumed). */
  private async markThawed(id: string) {
    const evacuation = await this.options.store.get(id);
    const freeze = evacuation?.steps.find(step => step.kind === 'freeze');
    if (!evacuation || !freeze || freeze.thawedAt) return;
    freeze.thawedAt = this.now().toISOString();
    await this.options.store.save(evacuation, this.now());
  }

  /**
   * Lifts freezes whose expiry has passed and that no return lifted: the
   * products the freeze paused get their auto-sync back, as an unfreeze
   * would (one already resumed by someone is left as it is).
   */
  async expireFreezes(): Promise<number> {
    const due = await this.options.store.freezesDue(this.now());
    for (const run of due) {
      const freeze = run.steps.find(step => step.kind === 'freeze')!;
      const thaw: EvacuationStep = {
        id: 'unfreeze',
        kind: 'unfreeze',
        title: `Freeze expired: resume Argo CD auto-sync on ${run.cluster}`,
        status: 'pending',
        frozen: freeze.frozen,
      };
      await this.switchAutoSync(
        { ...run, reason: `freeze expired (${run.reason})` },
        thaw,
        await this.productLoader(),
      );
      freeze.thawedAt = this.now().toISOString();
      freeze.detail = `${freeze.detail ?? ''} · expired at ${
        freeze.expiresAt
      }: ${thaw.detail}`;
      await this.options.store.save(run, this.now());
      await this.audit(run, { ...thaw, title: thaw.title });
    }
    return due.length;
  }

  /**
   * For an hour after a run, whether every product it moved has its SLOs
   * OK on each cluster that still serves it (the fleet's own verdicts): the
   * first time they all are is the run's SLO recovery time.
   */
  async watchRecovery(): Promise<number> {
    const { fleet } = this.options;
    if (!fleet) return 0;
    const credentials = await this.ownCredentials();
    let recovered = 0;
    for (const run of await this.options.store.watched(this.now())) {
      const moved = run.steps.filter(
        step => step.kind === 'entry-point' && step.status === 'applied',
      );
      const verdicts = await Promise.all(
        moved.map(async step => {
          const entity = await this.options.catalog.getEntityByRef(
            step.entityRef!,
            { credentials },
          );
          if (!entity) return false;
          const signals = await fleet.forEntity(entity).catch(() => undefined);
          const serving = Object.entries(step.weightsAfter ?? {})
            .filter(([, weight]) => weight > 0)
            .map(([cluster]) => cluster);
          return (
            serving.length > 0 &&
            serving.every(cluster => signals?.[cluster]?.slo === 'ok')
          );
        }),
      );
      if (verdicts.every(Boolean)) {
        run.sloOkAfterSeconds =
          Math.round(this.now().getTime() - Date.parse(run.createdAt)) / 1000;
        await this.options.store.save(run, this.now());
        recovered++;
      }
    }
    return recovered;
  }

  /** An audit event for a finished step: who ran what, on which cluster, and how it ended. */
  private async audit(run: EvacuationRun, step: EvacuationStep) {
    const event = await this.options.auditor?.createEvent({
      eventId: 'evacuation-step',
      severityLevel: step.kind === 'entry-point' ? 'high' : 'medium',
      meta: {
        evacuation: run.id,
        mode: run.mode,
        cluster: run.cluster,
        actor: run.actor,
        reason: run.reason,
        step: step.id,
        kind: step.kind,
        entryPoint: step.entryPoint,
        status: step.status,
        detail: step.detail,
        actionId: step.actionId,
      },
    });
    if (!event) return;
    if (['refused', 'conflict', 'failed'].includes(step.status)) {
      await event.fail({ error: new Error(step.detail ?? step.status) });
    } else await event.success();
  }

  /** TTL + health-check interval + provider propagation, worst entry point. */
  private predictConvergence(plan: Awaited<ReturnType<typeof planEvacuation>>) {
    let worst = 0;
    for (const [entityRef, product] of plan.products) {
      const provider = product.binding.entryPoint?.provider ?? 'unknown';
      worst = Math.max(
        worst,
        (plan.ttls.get(entityRef) ?? 0) +
          HEALTH_CHECK_SECONDS +
          (PROPAGATION_SECONDS[provider] ?? 60),
      );
    }
    return worst;
  }
}

/** A step the plan allows is pending (run) or predicted (rehearsal); else skipped. */
function firstStatus(
  allowed: boolean,
  rehearsal: boolean,
): EvacuationStep['status'] {
  if (!allowed) return 'skipped';
  return rehearsal ? 'predicted' : 'pending';
}

function finish(
  step: EvacuationStep,
  status: EvacuationStep['status'],
  detail: string | undefined,
  now: Date,
) {
  step.status = status;
  step.detail = detail;
  step.finishedAt = now.toISOString();
}

/** A safety refusal, a conflict (changed since the plan, a change in progress), or a failure. */
function statusOfError(error: Error): EvacuationStep['status'] {
  if (error instanceof SafetyRefusedError) return 'refused';
  if (error instanceof ConflictError) return 'conflict';
  return 'failed';
}

function sameWeights(left: Weights, right: Weights) {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every(key => (left[key] ?? 0) === (right[key] ?? 0));
}

function describeWeights(weights: Weights) {
  return Object.entries(weights)
    .map(([cluster, weight]) => `${cluster} ${weight}`)
    .join(', ');
}
