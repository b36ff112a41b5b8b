import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, requireBinary, run, startServer } from './process';

export interface RealPrometheus {
  url: string;
  /**
   * Evaluates recording rules over the stored data between two moments with
   * `promtool tsdb create-blocks-from rules`, then restarts Prometheus on the
   * same port so the new blocks are queryable at once. Rules that read other
   * recording rules need a second call: promtool evaluates each rule against
   * what the server already has.
   */
  backfillRules(
    rulesYaml: string,
    range: { start: Date; end: Date },
  ): Promise<void>;
  /**
   * Replaces the scrape configs and rule files and has Prometheus reload
   * them (`/-/reload`), as a config change in a cluster would: the data it
   * holds stays.
   */
  reconfigure(options: {
    scrapeConfigs: object[];
    ruleFiles: Array<{ name: string; yaml: string }>;
  }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Prometheus from Debian with the given OpenMetrics data backfilled by
 * `promtool tsdb create-blocks-from openmetrics` before it starts.
 * Timestamps in the input are seconds; the file ends with `# EOF`.
 */
export async function startPrometheus(options: {
  openMetrics: string;
  /** Listen here instead of a free port. */
  port?: number;
  /** Scrape configs and rule files, as in prometheus.yml. */
  scrapeConfigs?: object[];
  ruleFiles?: Array<{ name: string; yaml: string }>;
  /** Seconds between scrapes and rule evaluations (default 30). */
  intervalSeconds?: number;
  /** Added to Prometheus' environment (e.g. the Go runtime's GOGC). */
  env?: Record<string, string>;
}): Promise<RealPrometheus> {
  requireBinary('/usr/bin/prometheus', 'prometheus');
  requireBinary('/usr/bin/promtool', 'prometheus');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-prom-'));
  const data = path.join(dir, 'data');
  const input = path.join(dir, 'data.om');
  fs.writeFileSync(input, options.openMetrics);
  run('/usr/bin/promtool', [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    // Days of history in one or two large blocks (promtool picks 54 h ones),
    // not in 2 h ones (its default): Prometheus compacts small blocks itself
    // once it runs, which cost the demo fleet's three Prometheus their first
    // minute of CPU and ~50 MiB of RSS each for three days of history. It
    // compacts no block longer than a tenth of the retention (36 h).
    '--max-block-duration=360h',
    input,
    data,
  ]);
  const config = path.join(dir, 'prometheus.yml');
  const interval = `${options.intervalSeconds ?? 30}s`;
  const writeConfig = (
    scrapeConfigs: object[],
    rules: Array<{ name: string; yaml: string }>,
  ) => {
    const ruleFiles = rules.map(rule => {
      const file = path.join(dir, rule.name);
      fs.writeFileSync(file, rule.yaml);
      return file;
    });
    fs.writeFileSync(
      config,
      JSON.stringify({
        global: { evaluation_interval: interval, scrape_interval: interval },
        rule_files: ruleFiles,
        scrape_configs: scrapeConfigs,
      }),
    );
  };
  writeConfig(options.scrapeConfigs ?? [], options.ruleFiles ?? []);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${data}`,
    '--storage.tsdb.retention.time=15d',
    `--web.listen-address=127.0.0.1:${port}`,
    // /-/reload, for reconfigure(); loopback only.
    '--web.enable-lifecycle',
  ];
  // Not options.env inside start(): that would keep `options`, and with it
  // the OpenMetrics text (tens of MiB), alive as long as the server runs.
  const env = options.env;
  const start = () =>
    startServer({
      name: 'Prometheus',
      command: '/usr/bin/prometheus',
      args,
      env,
      ready: async () => (await fetch(`${url}/-/ready`)).ok,
      timeoutMs: 15_000,
    });
  let stopServer = await start();
  let rulesRun = 0;
  return {
    url,
    async backfillRules(rulesYaml, range) {
      rulesRun += 1;
      const rules = path.join(dir, `rules-${rulesRun}.yml`);
      const out = path.join(dir, `rule-blocks-${rulesRun}`);
      fs.writeFileSync(rules, rulesYaml);
      run('/usr/bin/promtool', [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${Math.floor(range.start.getTime() / 1000)}`,
        `--end=${Math.floor(range.end.getTime() / 1000)}`,
        `--url=${url}`,
        `--output-dir=${out}`,
        '--eval-interval=60s',
        rules,
      ]);
      await stopServer();
      for (const block of fs.readdirSync(out)) {
        fs.renameSync(path.join(out, block), path.join(data, block));
      }
      stopServer = await start();
    },
    async reconfigure(next) {
      writeConfig(next.scrapeConfigs, next.ruleFiles);
      const res = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!res.ok) {
        throw new Error(
          `Prometheus refused the new configuration: ${
            res.status
          } ${await res.text()}`,
        );
      }
    },
    async stop() {
      await stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Renders samples as OpenMetrics text, grouped by metric family as the format requires. */
export function toOpenMetrics(
  samples: Array<{
    labels: Record<string, string>;
    value: number;
    timestampSeconds: number;
  }>,
): string {
  const families = new Map<
    string,
    Map<string, Array<{ value: number; t: number }>>
  >();
  for (const sample of samples) {
    const { __name__: name, ...rest } = sample.labels;
    const labelText = Object.entries(rest)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(
        ([labelName, labelValue]) =>
          `${labelName}="${labelValue
            .replace(/\\/g, '\\\\')
            .replace(/"/g, '\\"')}"`,
      )
      .join(',');
    if (!families.has(name)) families.set(name, new Map());
    const series = families.get(name)!;
    if (!series.has(labelText)) series.set(labelText, []);
    series
      .get(labelText)!
      .push({ value: sample.value, t: sample.timestampSeconds });
  }
  const lines: string[] = [];
  for (const [name, series] of families) {
    lines.push(`# TYPE ${name} gauge`);
    for (const [labelText, points] of series) {
      for (const point of points.sort((left, right) => left.t - right.t)) {
        lines.push(`${name}{${labelText}} ${point.value} ${point.t}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
