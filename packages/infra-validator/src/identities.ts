import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { argoClusters, renderApplicationSet } from './applicationsets';
import { labelsOf, Manifest, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/** A cloud identity a cluster composition binds to a service account. */
interface Binding {
  composition: Manifest;
  resource: string;
  provider: string;
  namespace: string;
  serviceAccount: string;
  /**
   * GKE: the Google service account id the binding is on, for a cluster
   * (its external-name, "<cluster>-<short>"), which the add-on's service
   * account must name in its annotation.
   */
  googleServiceAccountId?: (cluster: string) => string | undefined;
}

const AZURE_CLIENT_ID = 'azure.workload.identity/client-id';
const GKE_SERVICE_ACCOUNT = 'iam.gke.io/gcp-service-account';

/**
 * The external name a patch-and-transform resource gets for a composite
 * named `name`: its `metadata.name` → external-name patch with one Format.
 */
function externalName(resource: Json, name: string): string | undefined {
  const patch = ((resource.patches ?? []) as Json[]).find(
    p =>
      p.type === 'FromCompositeFieldPath' &&
      p.fromFieldPath === 'metadata.name' &&
      p.toFieldPath === 'metadata.annotations[crossplane.io/external-name]',
  );
  if (!patch) return undefined;
  const fmt = ((patch.transforms ?? []) as Json[]).find(
    t => t.type === 'string' && t.string?.type === 'Format',
  )?.string?.fmt;
  return typeof fmt === 'string' ? fmt.replace('%s', name) : name;
}

/** The composed resource a selector's matchLabels pick, by its base labels. */
const selected = (resources: Json[], kind: string, labels: Json = {}) =>
  resources.find(
    r =>
      r.base?.kind === kind &&
      Object.entries(labels).every(
        ([k, v]) => r.base?.metadata?.labels?.[k] === v,
      ),
  );

/** The bases of a composition's patch-and-transform resources. */
export function composedResources(composition: Manifest): Json[] {
  const steps = ((composition.object.spec as Json)?.pipeline ?? []) as Json[];
  return steps.flatMap(step => (step.input?.resources ?? []) as Json[]);
}

/**
 * Identities bound to a workload cluster's service accounts: EKS Pod
 * Identity associations and Entra federated credentials on the cluster's
 * own issuer (Argo CD's, federated to the management cluster's issuer, are
 * not an add-on's).
 */
function bindings(compositions: Manifest[]): Binding[] {
  const out: Binding[] = [];
  for (const c of compositions) {
    const provider = labelsOf(c.object)['trinity.io/provider'];
    if (!provider) continue;
    for (const r of composedResources(c)) {
      const base = (r.base ?? {}) as Json;
      const forProvider = (base.spec?.forProvider ?? {}) as Json;
      if (base.kind === 'PodIdentityAssociation') {
        out.push({
          composition: c,
          resource: r.name,
          provider,
          namespace: forProvider.namespace,
          serviceAccount: forProvider.serviceAccount,
        });
      } else if (
        base.kind === 'ServiceAccountIAMMember' &&
        forProvider.role === 'roles/iam.workloadIdentityUser'
      ) {
        // member: serviceAccount:<project>.svc.id.goog[<namespace>/<name>],
        // as the patch that writes it formats it (else the base's).
        const written = ((r.patches ?? []) as Json[])
          .filter(p => p.toFieldPath === 'spec.forProvider.member')
          .flatMap(p => (p.transforms ?? []) as Json[])
          .find(t => t.string?.type === 'Format')?.string?.fmt;
        const member = /\.svc\.id\.goog\[([^/\]]+)\/([^\]]+)\]$/.exec(
          String(written ?? forProvider.member ?? ''),
        );
        if (!member) continue;
        const account = selected(
          composedResources(c),
          'ServiceAccount',
          forProvider.serviceAccountIdSelector?.matchLabels,
        );
        out.push({
          composition: c,
          resource: r.name,
          provider,
          namespace: member[1],
          serviceAccount: member[2],
          googleServiceAccountId: cluster =>
            account ? externalName(account, cluster) : undefined,
        });
      } else if (base.kind === 'FederatedIdentityCredential') {
        const managementIssuer = ((r.patches ?? []) as Json[]).some(
          p => p.fromFieldPath === 'spec.argocd.issuerUrl',
        );
        const subject = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(
          String(forProvider.subject ?? ''),
        );
        if (managementIssuer || !subject) continue;
        out.push({
          composition: c,
          resource: r.name,
          provider,
          namespace: subject[1],
          serviceAccount: subject[2],
        });
      }
    }
  }
  return out;
}

/** Every mapping under a `serviceAccount` key, at any depth. */
function serviceAccountBlocks(doc: unknown): Json[] {
  if (!doc || typeof doc !== 'object') return [];
  if (Array.isArray(doc)) return doc.flatMap(serviceAccountBlocks);
  return Object.entries(doc as Json).flatMap(([k, v]) => [
    ...(k === 'serviceAccount' && v && typeof v === 'object'
      ? [v as Json]
      : []),
    ...serviceAccountBlocks(v),
  ]);
}

/** The values documents of a generated add-on Application. */
export function valuesOf(app: Json, infraDir: string): unknown[] {
  const spec = (app.spec ?? {}) as Json;
  const sources: Json[] = spec.sources ?? (spec.source ? [spec.source] : []);
  const docs: unknown[] = [];
  for (const s of sources) {
    if (typeof s.helm?.values === 'string') {
      try {
        docs.push(parse(s.helm.values));
      } catch {
        // A values block that does not parse is reported by Argo CD's render.
      }
    }
    for (const f of (s.helm?.valueFiles ?? []) as string[]) {
      const file = /^\$[^/]+\/(.*)$/.exec(f)?.[1];
      const full = file && path.join(infraDir, file);
      if (full && fs.existsSync(full)) {
        try {
          docs.push(parse(fs.readFileSync(full, 'utf8')));
        } catch {
          // Reported as a YAML problem of that file.
        }
      }
    }
  }
  return docs;
}

/**
 * Every identity a cluster composition binds to a service account is used:
 * an add-on deployed to that namespace on clusters of that cloud names the
 * service account in its values (`serviceAccount.name`), and on Azure puts
 * the identity's client id on it. An identity nobody uses is a grant
 * waiting for the wrong pod; an add-on whose service account name drifted
 * from its identity silently loses its cloud access.
 */
export function checkIdentities(
  manifests: Manifest[],
  infraDir: string,
  infraRepoUrl: string,
  problems: Problems,
) {
  const compositions = manifests.filter(
    m =>
      m.object.kind === 'Composition' &&
      m.file.startsWith('infra/crossplane/apis/cluster/'),
  );
  const clusters = argoClusters(manifests);
  const addons = manifests.filter(
    m =>
      m.object.kind === 'ApplicationSet' &&
      m.file.startsWith('infra/argocd/addons/'),
  );
  const apps = addons.flatMap(m => {
    try {
      return renderApplicationSet(m.object, {
        clusters,
        infraDir,
        infraRepoUrl,
      }).map(app => ({ appset: m, app }));
    } catch {
      return []; // reported by the references check
    }
  });
  const providerOf = (app: Json) =>
    clusters.find(c => c.name === app.spec?.destination?.name)?.labels[
      'trinity.io/provider'
    ];

  for (const b of bindings(compositions)) {
    const at = `${nameOf(b.composition.object)} resource ${b.resource}`;
    const inNamespace = apps.filter(
      ({ app }) =>
        app.spec?.destination?.namespace === b.namespace &&
        providerOf(app) === b.provider,
    );
    const label = `identity for ${b.namespace}/${b.serviceAccount} (${at})`;
    if (!inNamespace.length) {
      problems.add(
        b.composition.file,
        where(b.composition),
        `${label} is used by no add-on: none is deployed to namespace ${b.namespace} on ${b.provider} clusters`,
      );
      continue;
    }
    const blocks = inNamespace.flatMap(({ app }) =>
      valuesOf(app, infraDir).flatMap(serviceAccountBlocks),
    );
    const named = blocks.filter(s => s.name === b.serviceAccount);
    if (!named.length) {
      problems.add(
        b.composition.file,
        where(b.composition),
        `${label} is used by no add-on: no add-on in ${b.namespace} (${[
          ...new Set(inNamespace.map(a => nameOf(a.appset.object))),
        ].join(', ')}) names service account ${
          b.serviceAccount
        } in its values (serviceAccount.name)`,
      );
      continue;
    }
    if (b.googleServiceAccountId) {
      checkGoogleAnnotations(b, label, inNamespace, infraDir, problems);
    }
    if (
      b.provider === 'azure' &&
      !blocks.some(s => s.annotations?.[AZURE_CLIENT_ID])
    ) {
      problems.add(
        b.composition.file,
        where(b.composition),
        `${label}: the add-on in ${b.namespace} does not put the identity's client id on its service account (${AZURE_CLIENT_ID})`,
      );
    }
  }
}

/**
 * GKE: on every cluster, the add-on's service account is annotated with the
 * Google service account the composition bound it to
 * (`<id>@<project>.iam.gserviceaccount.com`); without it the pods run with
 * no Google identity, with another one they run as someone else.
 */
function checkGoogleAnnotations(
  b: Binding,
  label: string,
  inNamespace: Array<{ app: Json }>,
  infraDir: string,
  problems: Problems,
) {
  const clusters = [
    ...new Set(
      inNamespace.map(({ app }) => String(app.spec?.destination?.name ?? '')),
    ),
  ];
  for (const cluster of clusters) {
    const expected = b.googleServiceAccountId?.(cluster);
    if (!expected) {
      problems.add(
        b.composition.file,
        where(b.composition),
        `${label}: its binding selects no Google ServiceAccount of the composition with an external name`,
      );
      return;
    }
    const annotated = inNamespace
      .filter(({ app }) => app.spec?.destination?.name === cluster)
      .flatMap(({ app }) =>
        valuesOf(app, infraDir).flatMap(serviceAccountBlocks),
      )
      .map(s => s.annotations?.[GKE_SERVICE_ACCOUNT])
      .filter((v): v is string => typeof v === 'string');
    if (!annotated.some(v => v.startsWith(`${expected}@`))) {
      problems.add(
        b.composition.file,
        where(b.composition),
        `${label}: on ${cluster} no add-on's service account in ${
          b.namespace
        } is annotated ${GKE_SERVICE_ACCOUNT} with the Google service account ${expected}@… the composition binds (found: ${
          annotated.join(', ') || 'none'
        })`,
      );
    }
  }
}
