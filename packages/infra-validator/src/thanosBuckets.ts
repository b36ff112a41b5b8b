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
  const clusters = argoClusters(manifests);
  const composites = manifests.filter(
    m =>
      m.object.kind === 'Cluster' &&
      String(m.object.apiVersion).startsWith('platform.trinity.io/'),
  );
  const compositions = manifests.filter(
    m =>
      m.object.kind === 'Composition' &&
      m.file.startsWith('infra/crossplane/apis/cluster/'),
  );
  const addon = manifests.find(
    m =>
      m.object.kind === 'ApplicationSet' &&
      nameOf(m.object) === 'addon-kube-prometheus-stack',
  );
  if (!addon) return;
  let apps: Json[] = [];
  try {
    apps = renderApplicationSet(addon.object, {
      clusters,
      infraDir,
      infraRepoUrl,
    });
  } catch {
    return; // reported by the references check
  }

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
    const secret =
      typeof objstore.secret === 'string'
        ? parse(objstore.secret)
        : objstore.secret;
    const composite = composites.find(c => nameOf(c.object) === cluster);
    const provider = composite
      ? String(composite.object.spec?.provider ?? '')
      : '';
    const composition = compositions.find(
      c =>
        labelsOf(c.object)['trinity.io/provider'] ===
        composite?.object.spec?.crossplane?.compositionSelector?.matchLabels?.[
          'trinity.io/provider'
        ],
    );
    const expected = BUCKET_KINDS[provider];
    if (!composite || !composition || !expected) {
      report(`no Crossplane Cluster of a known cloud composes ${cluster}`);
      continue;
    }
    if (secret?.type !== expected.type) {
      report(
        `objstore type ${secret?.type} is not ${provider}'s (${expected.type})`,
      );
      continue;
    }
    const resources = composedResources(composition);
    const [bucketKind, containerKind] = expected.kinds;
    const bucket = resources.find(r => kindOf(r) === bucketKind);
    if (!bucket) {
      report(
        `${nameOf(
          composition.object,
        )} composes no ${bucketKind} for the sidecar to write`,
      );
      continue;
    }
    const named = resolveRegistration(
      provider === 'azure'
        ? secret.config?.storage_account
        : secret.config?.bucket,
      resources,
      composite.object,
    );
    const composed = composedValue(bucket, composite.object, EXTERNAL_NAME);
    if (named !== composed) {
      report(
        `the objstore names ${
          provider === 'azure' ? 'storage account' : 'bucket'
        } ${named}, but ${nameOf(composition.object)} composes ${composed}`,
      );
    }
    const container = containerKind
      ? resources.find(r => kindOf(r) === containerKind)
      : undefined;
    if (containerKind) {
      const composedContainer =
        container && composedValue(container, composite.object, EXTERNAL_NAME);
      if (secret.config?.container !== composedContainer) {
        report(
          `the objstore names container ${
            secret.config?.container
          }, but ${nameOf(composition.object)} composes ${
            composedContainer ?? 'none'
          }`,
        );
      }
    }
  }
}

/**
 * A value the cluster Secret carries from the registration
 * (`{{ .key }}` in its ExternalSecret template): what the composition's
 * registration writes under that key for this composite.
 */
function resolveRegistration(
  value: unknown,
  resources: Json[],
  composite: Json,
): string | undefined {
  const key = /^\{\{ *\.([A-Za-z0-9_]+) *\}\}$/.exec(String(value ?? ''))?.[1];
  if (!key) return value === undefined ? undefined : String(value);
  const registration = resources.find(r =>
    ((r.patches ?? []) as Json[]).some(
      p => p.toFieldPath === `stringData.${key}`,
    ),
  );
  return registration
    ? composedValue(registration, composite, `stringData.${key}`)
    : undefined;
}
