/**
 * What is wrong with a cluster right now. Switched at run time through the
 * admin API (`PUT /clusters/:name/scenario`) or the CLI.
 */
export interface Scenario {
  /** Every API of the cluster refuses connections. */
  down: boolean;
  /** Added latency on every response, in milliseconds. */
  latencyMs: number;
  /** Pods crash-loop; Argo CD reports Degraded and OutOfSync. */
  degraded: boolean;
  /** The SLO error ratio jumps on the fast windows (page-level burn). */
  burning: boolean;
  /** Kyverno reports failing policies for the products' workloads. */
  violations: boolean;
  /** The cluster still runs the previous policy set (its ring has not synced). */
  policyDrift: boolean;
  /**
   * A new revision is canarying on the cluster (each service's Rollout at
   * its first analysis step); with `burning` its analysis fails and Argo
   * Rollouts aborts it.
   */
  canary: boolean;
}

export const healthy: Scenario = {
  down: false,
  latencyMs: 0,
  degraded: false,
  burning: false,
  violations: false,
  policyDrift: false,
  canary: false,
};

const keys = Object.keys(healthy) as Array<keyof Scenario>;

/** Validates a partial scenario from an untrusted request body. */
export function parseScenario(
  body: unknown,
): { ok: true; value: Partial<Scenario> } | { ok: false; error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, error: 'body must be a JSON object' };
  }
  const value: Partial<Scenario> = {};
  for (const [key, raw] of Object.entries(body)) {
    if (!keys.includes(key as keyof Scenario)) {
      return {
        ok: false,
        error: `unknown scenario field "${key}" (known: ${keys.join(', ')})`,
      };
    }
    if (key === 'latencyMs') {
      if (
        typeof raw !== 'number' ||
        !Number.isFinite(raw) ||
        raw < 0 ||
        raw > 60_000
      ) {
        return {
          ok: false,
          error: 'latencyMs must be a number from 0 to 60000',
        };
      }
      value.latencyMs = raw;
    } else {
      if (typeof raw !== 'boolean') {
        return { ok: false, error: `${key} must be true or false` };
      }
      (value as Record<string, boolean>)[key] = raw;
    }
  }
  return { ok: true, value };
}

/** Scenarios per cluster, with change listeners (the servers react to `down`). */
export class ScenarioStore {
  private readonly state = new Map<string, Scenario>();
  private readonly listeners: Array<
    (cluster: string, s: Scenario) => Promise<void> | void
  > = [];

  /** What reset() returns each cluster to: how the fleet started. */
  private readonly initial = new Map<string, Scenario>();

  constructor(
    clusterNames: string[],
    startWith: Record<string, Partial<Scenario>> = {},
  ) {
    for (const name of Object.keys(startWith)) {
      if (!clusterNames.includes(name))
        throw new Error(`unknown cluster ${name}`);
    }
    for (const name of clusterNames) {
      this.initial.set(name, { ...healthy, ...startWith[name] });
      this.state.set(name, { ...healthy, ...startWith[name] });
    }
  }

  has(cluster: string) {
    return this.state.has(cluster);
  }

  get(cluster: string): Scenario {
    const scenario = this.state.get(cluster);
    if (!scenario) throw new Error(`unknown cluster ${cluster}`);
    return scenario;
  }

  all(): Record<string, Scenario> {
    return Object.fromEntries(this.state);
  }

  /** Applies a change; resolves once listeners (servers going down or up) are done. */
  async set(cluster: string, change: Partial<Scenario>): Promise<Scenario> {
    const next = { ...this.get(cluster), ...change };
    this.state.set(cluster, next);
    for (const listener of this.listeners) await listener(cluster, next);
    return next;
  }

  private readonly resetListeners: Array<() => void> = [];

  /**
   * Every cluster as the fleet started (healthy, unless it started failing),
   * and state changed through the APIs cleared.
   */
  async reset() {
    for (const [name, scenario] of this.initial) {
      await this.set(name, { ...scenario });
    }
    for (const listener of this.resetListeners) listener();
  }

  onChange(listener: (cluster: string, s: Scenario) => Promise<void> | void) {
    this.listeners.push(listener);
  }

  onReset(listener: () => void) {
    this.resetListeners.push(listener);
  }
}
