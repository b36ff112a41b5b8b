/**
 * Sloth's Kubernetes spec (`sloth.slok.dev/v1` PrometheusServiceLevel), as
 * far as the rule set reads it, and the SLO alert windows.
 */

export interface SloAlert {
  disable?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Slo {
  name: string;
  /** Percent, e.g. 99.9. */
  objective: number;
  description?: string;
  labels?: Record<string, string>;
  sli: {
    events?: { errorQuery: string; totalQuery: string };
    raw?: { errorRatioQuery: string };
    plugin?: unknown;
  };
  alerting?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    pageAlert?: SloAlert;
    ticketAlert?: SloAlert;
  };
}

export interface PrometheusServiceLevel {
  apiVersion: 'sloth.slok.dev/v1';
  kind: 'PrometheusServiceLevel';
  metadata: { name: string; namespace?: string };
  spec: {
    service: string;
    labels?: Record<string, string>;
    slos: Slo[];
  };
}

/** One multiwindow multi-burn alert window pair (Sloth's AlertWindows). */
export interface AlertWindow {
  /** Percent of the period's error budget consumed over the long window. */
  errorBudgetPercent: number;
  shortWindow: string;
  longWindow: string;
}

export interface AlertWindows {
  sloPeriod: string;
  page: { quick: AlertWindow; slow: AlertWindow };
  ticket: { quick: AlertWindow; slow: AlertWindow };
}

/**
 * Sloth's default windows for a 30-day period
 * (slok/sloth internal/alert/windows/google-30d.yaml, from the Google SRE
 * workbook's recommended parameters).
 */
export const GOOGLE_30D: AlertWindows = {
  sloPeriod: '30d',
  page: {
    quick: { errorBudgetPercent: 2, shortWindow: '5m', longWindow: '1h' },
    slow: { errorBudgetPercent: 5, shortWindow: '30m', longWindow: '6h' },
  },
  ticket: {
    quick: { errorBudgetPercent: 10, shortWindow: '2h', longWindow: '1d' },
    slow: { errorBudgetPercent: 10, shortWindow: '6h', longWindow: '3d' },
  },
};
