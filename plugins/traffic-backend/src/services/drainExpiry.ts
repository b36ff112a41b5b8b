import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Product } from './ProductBindings';
import type { TrafficService } from './TrafficService';
import { TrafficStore } from './TrafficStore';

/**
 * Restores every drain whose expiry has passed, as `trinity:expiry`, through
 * the same rules as a person's restore (but the cooldown). A restore the
 * rules refuse keeps the drain and drops its expiry, so it is not retried
 * every tick; the refusal is in the history. A provider that fails keeps
 * the expiry: the next tick tries again.
 */
export async function expireDueDrains(
  traffic: Pick<TrafficService, 'apply'>,
  deps: {
    store: TrafficStore;
    logger: LoggerService;
    auditor?: AuditorService;
    now: () => Date;
  },
  productOf: (entityRef: string) => Promise<Product | undefined>,
): Promise<number> {
  const { store, logger } = deps;
  const due = (await store.activeDrains()).filter(
    drain => drain.expiresAt && drain.expiresAt <= deps.now(),
  );
  let restored = 0;
  for (const drain of due) {
    const where = `${drain.cluster} on ${drain.entryPoint}`;
    const product = await productOf(drain.entityRef).catch(error => {
      logger.warn(`auto-restore of ${where} waits: ${error}`);
      return undefined;
    });
    if (!product) continue;
    const event = await deps.auditor?.createEvent({
      eventId: 'entry-point-change',
      severityLevel: 'high',
      meta: { trigger: 'expiry', drain: drain.id },
    });
    try {
      const result = await traffic.apply(
        product,
        {
          kind: 'restore',
          cluster: drain.cluster!,
          reason: `drain expired (drained by ${drain.actor}: ${drain.reason})`,
        },
        {
          actor: 'trinity:expiry',
          ignoreCooldown: true,
          audit: async () => event!,
        },
      );
      // The provider failed or did not answer: the drain keeps its
      // expiry and the next tick tries again (the rules did not refuse).
      if (result.outcome !== 'applied') {
        logger.warn(
          `auto-restore of ${where} not done yet: ${result.outcome}: ${result.entry.error}`,
        );
        continue;
      }
      restored += 1;
    } catch (error) {
      logger.warn(`auto-restore of ${where} refused: ${error}`);
      await store.clearExpiry(drain.id);
    }
  }
  return restored;
}
