import { parse } from 'yaml';
import { ClusterView, Placed } from './clusterView';
import { chartSources } from './collectors';
import { valuesOf } from './identities';
import { Manifest, nameOf, where } from './load';
import { Problems } from './problems';
import { addressProblem } from './serviceAddress';
import { composedBuckets, objstoreProblem } from './thanosBuckets';

type Json = Record<string, any>;

/** `data[key]` of a ConfigMap, parsed as YAML. */
function configMapDoc(p: Placed, key: string): Json | undefined {
  const text = p.object.data?.[key];
  if (typeof text !== 'string') return undefined;
  try {
    return parse(text) as Json;
  } catch {
    return undefined; // a YAML problem of its own, reported where it is used
  }
}

/**
 * The management cluster's observability holds together:
 * - every Grafana datasource URL (the grafana chart's `datasources` values)
 *   is a Service of the repo with that port;
 * - every Thanos query endpoint (`endpoints.yaml` of an endpoint SD
 *   ConfigMap) is a Service of the repo with that port;
 * - every Thanos objstore ConfigMap (`objstore.yml`) names the bucket a
 *   cluster's composition makes, with that cloud's type.
 * A datasource or an endpoint that names nothing is an empty dashboard;
 * a bucket nobody composes is a store gateway serving nothing.
 */
export function checkObservability(
  view: ClusterView,
  manifests: Manifest[],
  infraDir: string,
  problems: Problems,
) {
  for (const app of manifests.filter(
    m =>
      m.object.kind === 'Application' &&
      ((m.object.spec as Json)?.sources ?? []).some(
        (s: Json) => s.chart === 'grafana',
      ),
  )) {
    const namespace = (app.object.spec as Json)?.destination?.namespace;
    const datasources = valuesOf(app.object, infraDir).flatMap(
      doc =>
        ((doc as Json)?.datasources?.['datasources.yaml']?.datasources ??
          []) as Json[],
    );
    for (const ds of datasources) {
      const reason = addressProblem(view, String(ds.url ?? ''), namespace);
      if (reason)
        problems.add(
          app.file,
          where(app),
          `Grafana datasource ${ds.name}: ${ds.url} ${reason}`,
        );
    }
  }

  for (const cm of view.ofKind('ConfigMap')) {
    const namespace = cm.object.metadata?.namespace;
    const endpoints = configMapDoc(cm, 'endpoints.yaml')?.endpoints;
    for (const e of (Array.isArray(endpoints) ? endpoints : []) as Json[]) {
      const reason = addressProblem(view, String(e.address ?? ''), namespace);
      if (reason)
        problems.add(
          cm.file,
          where(cm),
          `Thanos endpoint ${e.address} of ConfigMap ${nameOf(
            cm.object,
          )} ${reason}`,
        );
    }
  }

  const buckets = composedBuckets(manifests);
  for (const cm of view.ofKind('ConfigMap')) {
    const objstore = configMapDoc(cm, 'objstore.yml');
    if (!objstore) continue;
    const named =
      objstore.type === 'AZURE'
        ? objstore.config?.storage_account
        : objstore.config?.bucket;
    const composed = buckets.find(b => b.bucket === named);
    const reason = composed
      ? objstoreProblem(objstore, composed)
      : `names ${named}, which no cluster's composition makes (composed: ${
          buckets.map(b => b.bucket).join(', ') || 'none'
        })`;
    if (reason)
      problems.add(
        cm.file,
        where(cm),
        `Thanos objstore of ConfigMap ${nameOf(cm.object)}: ${reason}`,
      );
  }

  // Tempo's bucket: an S3 Bucket managed resource of the repo
  // (infra/crossplane/management), by its external name.
  const s3Buckets = manifests
    .filter(
      m =>
        m.object.kind === 'Bucket' &&
        String(m.object.apiVersion).startsWith('s3.aws.'),
    )
    .map(
      m =>
        (m.object.metadata as Json)?.annotations?.[
          'crossplane.io/external-name'
        ] ?? nameOf(m.object),
    );
  for (const app of manifests.filter(m => m.object.kind === 'Application')) {
    for (const { values } of chartSources(app.object, 'tempo', infraDir)) {
      const trace = values.tempo?.storage?.trace ?? {};
      if (trace.backend !== 's3') continue;
      const bucket = trace.s3?.bucket;
      if (!s3Buckets.includes(bucket))
        problems.add(
          app.file,
          where(app),
          `Tempo's trace bucket ${bucket} is no S3 Bucket of the repo (managed resources: ${
            s3Buckets.join(', ') || 'none'
          })`,
        );
    }
  }
}
