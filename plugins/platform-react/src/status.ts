/**
 * The four states every status the portal shows comes down to: a fleet
 * cell, a cluster, a product on a cluster, a provider's health check, a
 * safety check.
 */
export type Status = 'ok' | 'warning' | 'critical' | 'unknown';

/**
 * The colour of each status, one for every page: the badge's background,
 * or the text's colour where a status stands in a line of text.
 *
 * - `ok`: green (`#2e7d32`), nothing to do.
 * - `warning`: orange (`#ed6c02`), look soon; a release on its way, a slow burn.
 * - `critical`: red (`#d32f2f`), act now, or the source did not answer.
 * - `unknown`: grey (`#757575`), not known yet or not measured.
 */
export const statusColors: Record<Status, string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  critical: '#d32f2f',
  unknown: '#757575',
};

/** The label a status badge shows when its caller gives none. */
export const statusLabels: Record<Status, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

/** A health check's verdict, as a DNS provider reports a target's. */
export type Health = 'healthy' | 'unhealthy' | 'unknown';

const healthStatuses: Record<Health, Status> = {
  healthy: 'ok',
  unhealthy: 'critical',
  unknown: 'unknown',
};

/** healthy → ok, unhealthy → critical, unknown → unknown. */
export const healthStatus = (health: Health): Status => healthStatuses[health];

/** A check's result, as the traffic safety checks report it. */
export type CheckResult = 'pass' | 'fail';

/** pass → ok, fail → critical. */
export const checkStatus = (result: CheckResult): Status =>
  result === 'pass' ? 'ok' : 'critical';
