/** How failover readiness reads, on the Fleet tab and the summary card. */
export const readinessStatus = {
  ready: 'ok',
  'not-ready': 'critical',
  unknown: 'unknown',
} as const;

export const readinessLabel = {
  ready: 'Survives losing any one cloud',
  'not-ready': 'Would not survive losing a cloud',
  unknown: 'Failover readiness unknown',
} as const;
