import { parse } from 'yaml';
import { argoClusters, renderApplicationSet } from './applicationsets';
import { composedResources, valuesOf } from './identities';
import { labelsOf, Manifest, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

const EXTERNAL_NAME = 'metadata.annotations[crossplane.io/external-name]';

/** A value at a Crossplane field path (`a.b[0].c`, `a[key.with.dots]`). */
function fieldAt(object: Json, fieldPath: string): unknown {
  const keys = [...fieldPath.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)].map(
    m => m[1] ?? m[2],
  );
  return keys.reduce<unknown>(
    (x, key) => (x && typeof x === 'object' ? (x as Json)[key] : undefined),
    object,
  );
}

/**
 * What a patch-and-transform resource writes to `toFieldPath` for this
 * composite: its FromCompositeFieldPath patches to that field, with Format
 * transforms, the last that finds its input winning (as the function applies
 * them in order); else the base's value.
 */
function composedValue(
  resource: Json,
  composite: Json,
  toFieldPath: string,
): string | undefined {
  let value = fieldAt(resource.base ?? {}, toFieldPath);
  for (const patch of (resource.patches ?? []) as Json[]) {
    if (
      patch.type !== 'FromCompositeFieldPath' ||
      patch.toFieldPath !== toFieldPath
    )
      continue;
    const input = fieldAt(composite, patch.fromFieldPath);
    if (input === undefined) continue;
    value = ((patch.transforms ?? []) as Json[]).reduce<unknown>(
      (x, t) =>
        t.type === 'string' && t.string?.type === 'Format'
          ? String(t.string.fmt).replace('%s', String(x))
          : x,
      input,
    );
  }
  return value === undefined ? undefined : String(value);
}

/** The object storage a Thanos objstore document names, by kind. */
const BUCKET_KINDS: Record<string, { type: string; kinds: string[] }> = {
  aws: { type: 'S3', kinds: ['s3.aws.m.upbound.io/Bucket'] },
  gcp: { type: 'GCS', kinds: ['storage.gcp.m.upbound.io/Bucket'] },
  azure: {
    type: 'AZURE',
    kinds: [
      'storage.azure.m.upbound.io/Account',
      'storage.azure.m.upbound.io/Container',
    ],
  },
};

const kindOf = (r: Json) =>
  `${String(r.base?.apiVersion ?? '').split('/')[0]}/${r.base?.kind}`;

/** A cluster's Thanos bucket as its composition makes it. */
export interface ComposedBucket {
  cluster: string;
  provider: string;
  /** The objstore type for it: S3, GCS, AZURE. */
  type: string;
  composition: string;
  /** S3 and GCS: the bucket; Azure: the storage account. */
  bucket?: string;
  /** Azure: the container. */
  container?: string;
  /** What the composition's registration writes under a key, for this cluster. */
  registration: (key: string) => string | undefined;
}

/** The Thanos bucket each Crossplane Cluster of the repo gets composed. */
export function composedBuckets(manifests: Manifest[]): ComposedBucket[] {
  const compositions = manifests.filter(
    m =>
      m.object.kind === 'Composition' &&
      m.file.startsWith('infra/crossplane/apis/cluster/'),
  );
  return manifests
    .filter(
      m =>
        m.object.kind === 'Cluster' &&
        String(m.object.apiVersion).startsWith('platform.trinity.io/'),
    )
    .flatMap(m => {
      const composite = m.object as Json;
      const provider = String(composite.spec?.provider ?? '');
      const composition = compositions.find(
        c =>
          labelsOf(c.object)['trinity.io/provider'] ===
          composite.spec?.crossplane?.compositionSelector?.matchLabels?.[
            'trinity.io/provider'
          ],
      );
      const expected = BUCKET_KINDS[provider];
      if (!composition || !expected) return [];
      const resources = composedResources(composition);
      const [bucketKind, containerKind] = expected.kinds;
      const bucket = resources.find(r => kindOf(r) === bucketKind);
      const container = containerKind
        ? resources.find(r => kindOf(r) === containerKind)
        : undefined;
      return [
        {
          cluster: String(nameOf(composite)),
          provider,
          type: expected.type,
          composition: String(nameOf(composition.object)),
          bucket: bucket && composedValue(bucket, composite, EXTERNAL_NAME),
          container:
            container && composedValue(container, composite, EXTERNAL_NAME),
          registration: (key: string) =>
            registrationValue(key, resources, composite),
        },
      ];
    });
}

/**
 * Why an objstore document does not name the composed bucket, if it does
 * not. `storage` is what it names: S3/GCS bucket, or Azure storage account.
 */
export function objstoreProblem(
  objstore: Json | undefined,
  composed: ComposedBucket,
  resolve: (value: unknown) => string | undefined = v =>
    v === undefined ? undefined : String(v),
): string | undefined {
  if (objstore?.type !== composed.type)
    return `objstore type ${objstore?.type} is not ${composed.provider}'s (${composed.type})`;
  if (!composed.bucket)
    return `${composed.composition} composes no bucket for the sidecar to write`;
  const azure = composed.type === 'AZURE';
  const named = resolve(
    azure ? objstore.config?.storage_account : objstore.config?.bucket,
  );
  if (named !== composed.bucket)
    return `the objstore names ${
      azure ? 'storage account' : 'bucket'
    } ${named}, but ${composed.composition} composes ${composed.bucket}`;
  if (azure && objstore.config?.container !== composed.container)
    return `the objstore names container ${objstore.config?.container}, but ${
      composed.composition
    } composes ${composed.container ?? 'none'}`;
  return undefined;
}

/**
 * Every cluster's Thanos sidecar writes to the bucket its cluster's
 * composition makes, with the cloud's identity (no key): the objstore
 * document in kube-prometheus-stack's values (per cluster, rendered from
 * the ApplicationSet) has the cloud's type and names the composed bucket —
 * S3 and GCS `bucket`, on Azure `storage_account` and `container`. A bucket
 * named by hand, or one the composition stopped making, would leave the
 * sidecar failing its uploads while Prometheus looks healthy.
 */
export function checkThanosBuckets(
  manifests: Manifest[],
  infraDir: string,
  infraRepoUrl: string,
  problems: Problems,
) {
  const addon = manifests.find(
    m =>
      m.object.kind === 'ApplicationSet' &&
      nameOf(m.object) === 'addon-kube-prometheus-stack',
  );
  if (!addon) return;
  let apps: Json[] = [];
  try {
    apps = renderApplicationSet(addon.object, {
      clusters: argoClusters(manifests),
      infraDir,
      infraRepoUrl,
    });
  } catch {
    return; // reported by the references check
  }
  const buckets = composedBuckets(manifests);
  for (const app of apps) {
    const cluster = String(app.spec?.destination?.name ?? '');
    const report = (reason: string) =>
      problems.add(addon.file, where(addon), `Thanos on ${cluster}: ${reason}`);
    const objstore = valuesOf(app, infraDir)
      .map(
        doc =>
          (doc as Json)?.prometheus?.prometheusSpec?.thanos
            ?.objectStorageConfig,
      )
      .find(Boolean) as Json | undefined;
    if (!objstore?.secret) {
      report(
        'the sidecar has no objstore configuration in its values (prometheus.prometheusSpec.thanos.objectStorageConfig.secret), so which bucket it writes is not known here',
      );
      continue;
    }
    const composed = buckets.find(b => b.cluster === cluster);
    if (!composed) {
      report(`no Crossplane Cluster of a known cloud composes ${cluster}`);
      continue;
    }
    const secret =
      typeof objstore.secret === 'string'
        ? parse(objstore.secret)
        : objstore.secret;
    // `{{ .key }}`: a value of the cluster Secret, from the registration.
    const reason = objstoreProblem(secret, composed, value => {
      const key = /^\{\{ *\.([A-Za-z0-9_]+) *\}\}$/.exec(
        String(value ?? ''),
      )?.[1];
      if (key) return composed.registration(key);
      return value === undefined ? undefined : String(value);
    });
    if (reason) report(reason);
  }
}

/**
 * What the composition's registration Secret holds under `key` for this
 * composite (the cluster Secret's `{{ .key }}`, through its ExternalSecret).
 */
function registrationValue(
  key: string,
  resources: Json[],
  composite: Json,
): string | undefined {
  const registration = resources.find(r =>
    ((r.patches ?? []) as Json[]).some(
      p => p.toFieldPath === `stringData.${key}`,
    ),
  );
  return registration
    ? composedValue(registration, composite, `stringData.${key}`)
    : undefined;
}
