import { TrafficAction } from './model';

/** An action that cannot be carried out as asked (a 400, nothing changes). */
export class InvalidActionError extends Error {
  name = 'InvalidActionError';
}

/**
 * The weights an action asks for. A drain sets the cluster's weight to 0; a
 * restore gives it back the weight it had before its drain (1 when none is
 * known); `weights` replaces the listed clusters' weights.
 */
export function nextWeights(
  current: Record<string, number>,
  action: TrafficAction,
  restoreTo: (cluster: string) => number = () => 1,
): Record<string, number> {
  // Own properties only: `constructor` or `__proto__` is no cluster.
  const unknown = (field: string, cluster: unknown) => {
    if (typeof cluster !== 'string' || !Object.hasOwn(current, cluster)) {
      throw new InvalidActionError(
        `${field}: ${String(
          cluster,
        )} is not a target of this entry point (targets: ${Object.keys(
          current,
        ).join(', ')})`,
      );
    }
  };
  switch (action.kind) {
    case 'drain':
      unknown('cluster', action.cluster);
      return { ...current, [action.cluster]: 0 };
    case 'restore':
      unknown('cluster', action.cluster);
      return { ...current, [action.cluster]: restoreTo(action.cluster) };
    case 'weights': {
      if (!action.weights || typeof action.weights !== 'object') {
        throw new InvalidActionError(
          'weights: required for kind weights (weight per cluster)',
        );
      }
      const next = { ...current };
      for (const [cluster, weight] of Object.entries(action.weights)) {
        unknown(`weights.${cluster}`, cluster);
        if (!Number.isInteger(weight) || weight < 0 || weight > 255) {
          throw new InvalidActionError(
            `weights.${cluster}: a whole number from 0 to 255 (got ${weight})`,
          );
        }
        next[cluster] = weight;
      }
      if (Object.values(next).every(weight => weight === 0)) {
        throw new InvalidActionError(
          'weights sum to zero: the entry point would send traffic nowhere',
        );
      }
      return next;
    }
    default:
      throw new InvalidActionError(
        `unknown action ${(action as { kind: string }).kind}`,
      );
  }
}

/** Effective share of each cluster: weight among healthy (or not-unhealthy) targets. */
export function shares(
  weights: Record<string, number>,
  health: Record<string, 'healthy' | 'unhealthy' | 'unknown'>,
): Record<string, number> {
  const serving = (cluster: string) =>
    weights[cluster] > 0 && health[cluster] !== 'unhealthy';
  const total = Object.keys(weights)
    .filter(serving)
    .reduce((sum, cluster) => sum + weights[cluster], 0);
  return Object.fromEntries(
    Object.keys(weights).map(cluster => [
      cluster,
      total > 0 && serving(cluster) ? weights[cluster] / total : 0,
    ]),
  );
}
