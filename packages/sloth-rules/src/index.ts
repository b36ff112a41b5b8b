/**
 * Sloth's Prometheus rule set from PrometheusServiceLevel specs.
 *
 * @packageDocumentation
 */
export { prometheusRuleFor, slothRuleGroups, specProblems } from './generate';
export type { GenerateOptions, Rule, RuleGroup } from './generate';
export { GOOGLE_30D } from './spec';
export type { AlertWindows, PrometheusServiceLevel, Slo } from './spec';
export { goFloat, parseDuration, promDuration } from './format';
