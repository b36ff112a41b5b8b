import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { argoClusters, renderApplicationSet } from './applicationsets';
import { Manifest, nameOf, where } from './load';

type Json = Record<string, any>;

/** The upstream chart every OpenTelemetry Collector of the repo comes from. */
export const COLLECTOR_CHART = 'opentelemetry-collector';

/**
 * An OpenTelemetry Collector the repo deploys: the `config` of its
 * opentelemetry-collector chart source, merged from its values as Helm
 * merges them.
 */
export interface Collector {
  /** The Application, or the ApplicationSet that generates it. */
  file: string;
  where: string;
  /** The Application's (or ApplicationSet's) name, for messages. */
  name: string;
  releaseName: string | undefined;
  namespace: string | undefined;
  config: Json;
}

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Helm's values merge: maps merge key by key, anything else replaces, and
 * `null` removes the key (how the repo's values drop the chart's default
 * receivers and exporters).
 */
export function mergeValues(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key]))
      out[key] = mergeValues(out[key], value);
    else out[key] = value;
  }
  return out;
}

/** The values documents of one source: its files in order, then `values`. */
function sourceValues(source: Json, infraDir: string): Json[] {
  const docs: Json[] = [];
  for (const f of (source.helm?.valueFiles ?? []) as string[]) {
    const file = /^\$[^/]+\/(.*)$/.exec(f)?.[1];
    const full = file && path.join(infraDir, file);
    if (!full || !fs.existsSync(full)) continue; // the references check reports it
    try {
      const doc = parse(fs.readFileSync(full, 'utf8'));
      if (isObject(doc)) docs.push(doc);
    } catch {
      // Reported as a YAML problem of that file.
    }
  }
  if (typeof source.helm?.values === 'string') {
    try {
      const doc = parse(source.helm.values);
      if (isObject(doc)) docs.push(doc);
    } catch {
      // Reported by Argo CD's render.
    }
  }
  return docs;
}

/**
 * The sources of an Application that install `chart`, each with its values
 * merged as Helm merges them.
 */
export function chartSources(
  app: Json,
  chart: string,
  infraDir: string,
): Array<{ source: Json; values: Json }> {
  const spec = (app.spec ?? {}) as Json;
  const sources: Json[] = spec.sources ?? (spec.source ? [spec.source] : []);
  return sources
    .filter(s => s.chart === chart)
    .map(source => ({
      source,
      values: sourceValues(source, infraDir).reduce(mergeValues, {} as Json),
    }));
}

function collectorsOf(
  app: Json,
  at: { file: string; where: string; name: string },
  infraDir: string,
): Collector[] {
  return chartSources(app, COLLECTOR_CHART, infraDir).map(
    ({ source, values }) => ({
      ...at,
      releaseName: source.helm?.releaseName,
      namespace: app.spec?.destination?.namespace,
      config: values.config ?? {},
    }),
  );
}

/**
 * Every collector the repo deploys: from the Applications that name the
 * chart, and from the add-on ApplicationSets, rendered for each cluster
 * (each rendering reported at the ApplicationSet).
 */
export function collectors(
  manifests: Manifest[],
  infraDir: string,
  infraRepoUrl: string,
): Collector[] {
  const out: Collector[] = [];
  const clusters = argoClusters(manifests);
  for (const m of manifests) {
    const at = {
      file: m.file,
      where: where(m),
      name: `${m.object.kind} ${nameOf(m.object)}`,
    };
    if (m.object.kind === 'Application') {
      out.push(...collectorsOf(m.object, at, infraDir));
    } else if (m.object.kind === 'ApplicationSet') {
      let apps: Json[] = [];
      try {
        apps = renderApplicationSet(m.object, {
          clusters,
          infraDir,
          infraRepoUrl,
        });
      } catch {
        // Reported by the references check.
      }
      for (const app of apps) out.push(...collectorsOf(app, at, infraDir));
    }
  }
  return out;
}

/** An exporter of a collector that sends to an address (`endpoint`). */
export interface CollectorExporter {
  collector: Collector;
  name: string;
  endpoint: string;
  /** `tls.insecure: true`: plaintext gRPC. */
  insecure: boolean;
}

/** The exporters of the collector's pipelines that name an endpoint. */
export function exportersOf(collector: Collector): CollectorExporter[] {
  const exporters = (collector.config.exporters ?? {}) as Json;
  const used = new Set(
    Object.values((collector.config.service?.pipelines ?? {}) as Json).flatMap(
      p => ((isObject(p) ? p.exporters : undefined) ?? []) as string[],
    ),
  );
  return Object.entries(exporters)
    .filter(([name, e]) => used.has(name) && typeof e?.endpoint === 'string')
    .map(([name, e]) => ({
      collector,
      name,
      endpoint: e.endpoint as string,
      insecure: e.tls?.insecure === true,
    }));
}

/**
 * Whether the collector's OTLP receiver serves TLS on the port: 4317 is
 * its `grpc` protocol and 4318 its `http` one (the chart's ports).
 */
export function receiverTls(collector: Collector, port: number): boolean {
  const protocol = port === 4317 ? 'grpc' : 'http';
  return isObject(collector.config.receivers?.otlp?.protocols?.[protocol]?.tls);
}
