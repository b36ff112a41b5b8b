import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ActionRequest,
  ClusterSignals,
  EntryPointSpec,
  evaluateSafety,
  InvalidActionError,
  isAllowed,
  nextWeights,
  SafetyCheck,
} from '@internal/plugin-traffic-common';
import { ProviderReading } from '@internal/plugin-traffic-node';
import { FleetSignals } from './fleetSignals';
import { TrafficStore } from './TrafficStore';

/** The safety rules said no: a 409 that names every failing check. */
export class SafetyRefusedError extends ConflictError {
  constructor(readonly checks: SafetyCheck[]) {
    super(
      `refused by the safety checks: ${checks
        .filter(check => check.status === 'fail')
        .map(check => `${check.title} — ${check.detail}`)
        .join('; ')}`,
    );
  }
}

/**
 * What a change would do and whether the rules let it: the weights after
 * it, and every safety check on the provider's reading, the fleet view and
 * the entry point's recent changes (traffic-common's evaluateSafety).
 */
export class SafetyGate {
  constructor(
    private readonly options: {
      fleet: FleetSignals;
      logger: LoggerService;
      minHealthyByTier?: Record<string, number>;
      cooldownMs: number;
      now: () => Date;
    },
  ) {}

  async evaluate(
    entity: Entity,
    entry: EntryPointSpec,
    reading: ProviderReading,
    request: ActionRequest,
    store: TrafficStore,
    ignoreCooldown = false,
  ) {
    const drains = await store.activeDrains(entry.name);
    let after: Record<string, number>;
    try {
      after = nextWeights(reading.weights, request, cluster => {
        const before = drains.find(drain => drain.cluster === cluster)
          ?.weightsBefore[cluster];
        return before && before > 0 ? before : 1;
      });
    } catch (error) {
      if (error instanceof InvalidActionError)
        throw new InputError(error.message);
      throw error;
    }
    let fleet: Record<string, ClusterSignals | undefined> = {};
    try {
      fleet = await this.options.fleet.forEntity(entity);
    } catch (error) {
      // No fleet view: every cluster is unknown, so no receiver counts as healthy.
      this.options.logger.warn(
        `fleet view unavailable for safety checks: ${error}`,
      );
    }
    const checks = evaluateSafety({
      tier: entry.tier,
      minHealthyByTier: this.options.minHealthyByTier,
      before: reading.weights,
      after,
      providerHealth: Object.fromEntries(
        Object.entries(reading.health).map(([cluster, health]) => [
          cluster,
          health.status,
        ]),
      ),
      fleet,
      lastChange: ignoreCooldown ? {} : await store.lastChanges(entry.name),
      // Giving a cluster back exactly the weight an active drain took (a
      // restore, or an evacuation's return): that drain's rollback.
      rollback: drains
        .filter(
          drain =>
            drain.cluster !== undefined &&
            after[drain.cluster] === drain.weightsBefore[drain.cluster],
        )
        .map(drain => drain.cluster!),
      cooldownMs: this.options.cooldownMs,
      now: this.options.now(),
    });
    return { after, checks, allowed: isAllowed(checks, !!request.force) };
  }
}
