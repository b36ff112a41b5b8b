/**
 * What the scenario breaks inside a cluster, applied where a real fault
 * would sit: between the web and the API (the API's Service). `burning`
 * fails 60 % of those calls, `degraded` 5 %, and otherwise one in 2,000
 * fails, as a healthy product's baseline; `latencyMs` delays each call.
 * The web counts what it could not serve, so the SLO burns from the
 * service's own metrics, not from numbers made up beside it.
 */
import { Scenario } from '../scenario';

export const BASELINE_ERRORS = 0.0005;

/** The share of calls that fail under a scenario. */
export function errorShare(scenario: Scenario) {
  if (scenario.burning) return 0.6;
  if (scenario.degraded) return 0.05;
  return BASELINE_ERRORS;
}

/**
 * Decides call by call, deterministically: exactly `share` of the calls
 * fail, spread evenly (no randomness for tests to flake on).
 */
export function failEvenly() {
  let owed = 0;
  return (share: number) => {
    owed += share;
    if (owed >= 1) {
      owed -= 1;
      return true;
    }
    return false;
  };
}
