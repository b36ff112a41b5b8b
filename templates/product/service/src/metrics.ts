// Prometheus metrics in the text exposition format, without a client
// library: one request-duration histogram (the SLOs in the infra repo read
// http_server_request_duration_seconds_{count,bucket}) and process uptime.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  buckets: number[];
  count: number;
  sum: number;
}

export class RequestMetrics {
  private readonly series = new Map<string, Series>();
  private readonly started = Date.now();
  private readonly service: string;

  constructor(service: string) {
    this.service = service;
  }

  observe(
    route: string,
    method: string,
    status: number,
    seconds: number,
  ): void {
    const labels = `service_name="${this.service}",http_route="${route}",http_request_method="${method}",http_response_status_code="${status}"`;
    let s = this.series.get(labels);
    if (!s) {
      s = { labels, buckets: BUCKETS.map(() => 0), count: 0, sum: 0 };
      this.series.set(labels, s);
    }
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i] += 1;
    });
    s.count += 1;
    s.sum += seconds;
  }

  render(): string {
    const lines = [
      '# HELP http_server_request_duration_seconds Duration of HTTP server requests.',
      '# TYPE http_server_request_duration_seconds histogram',
    ];
    for (const s of this.series.values()) {
      BUCKETS.forEach((le, i) => {
        lines.push(
          `http_server_request_duration_seconds_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`,
        );
      });
      lines.push(
        `http_server_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`,
      );
      lines.push(
        `http_server_request_duration_seconds_sum{${s.labels}} ${s.sum}`,
      );
      lines.push(
        `http_server_request_duration_seconds_count{${s.labels}} ${s.count}`,
      );
    }
    lines.push(
      '# HELP process_uptime_seconds Seconds since the process started.',
    );
    lines.push('# TYPE process_uptime_seconds gauge');
    lines.push(`process_uptime_seconds ${(Date.now() - this.started) / 1000}`);
    return `${lines.join('\n')}\n`;
  }
}
