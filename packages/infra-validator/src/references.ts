import fs from 'node:fs';
import path from 'node:path';
import { argoClusters, renderApplicationSet } from './applicationsets';
import { Manifest, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/** A cluster of the registry (registry/<name>.yaml in the infra repo). */
export interface RegisteredCluster {
  name: string;
  provider: string;
  region: string;
  kubernetesVersion: string;
  upgradeRing: string;
  entryPoint: string;
}

export function registeredClusters(manifests: Manifest[]): RegisteredCluster[] {
  return manifests
    .filter(
      m =>
        m.object.kind === 'Resource' &&
        (m.object.spec as Json)?.type === 'kubernetes-cluster',
    )
    .map(m => {
      const s = m.object.spec as Json;
      return {
        name: nameOf(m.object)!,
        provider: s.provider,
        region: s.region,
        kubernetesVersion: String(s.kubernetesVersion),
        upgradeRing: s.upgradeRing,
        entryPoint: s.entryPoint,
      };
    });
}

export interface ReferenceInput {
  /** The infra repo's root directory (paths in Argo CD sources are relative to it). */
  infraDir: string;
  /** The infra repo's clone URL as Argo CD sources name it. */
  infraRepoUrl: string;
  manifests: Manifest[];
  clusters: RegisteredCluster[];
  problems: Problems;
  /** Schema findings for a generated object, as `pointer: reason`. */
  validate: (object: Json) => string[];
}

const templated = (s: unknown) => typeof s === 'string' && s.includes('{{');

/**
 * Cross-references that no schema can see: Argo CD objects name existing
 * projects (never `default`) and existing paths and values files of this
 * repo, ApplicationSets expand (against the repo's cluster Secrets) into
 * Applications that do the same and validate; tenants, entry points,
 * Crossplane clusters and Argo CD cluster secrets name registered clusters
 * and agree with the registry; secrets come from stores the repo defines.
 */
export function checkReferences(input: ReferenceInput) {
  const { manifests, clusters, problems } = input;
  const byName = new Map(clusters.map(c => [c.name, c]));
  const ofKind = (kind: string) =>
    manifests.filter(m => m.object.kind === kind);
  const projects = new Set(ofKind('AppProject').map(m => nameOf(m.object)));
  const stores = new Set(
    ofKind('ClusterSecretStore').map(m => nameOf(m.object)),
  );
  const unknownCluster = (name: unknown) =>
    `"${name}" is not a registered cluster (the registry has ${clusters
      .map(c => c.name)
      .join(', ')})`;
  const inRepo = (p: string) => {
    const full = path.resolve(input.infraDir, p);
    return full.startsWith(input.infraDir) && fs.existsSync(full);
  };

  const checkApplication = (
    m: Manifest,
    app: Json,
    pointer: string,
    label: string,
  ) => {
    const spec = (app.spec ?? {}) as Json;
    const project = spec.project;
    if (!templated(project)) {
      if (project === 'default' || project === undefined) {
        problems.add(
          m.file,
          where(m, `${pointer}/project`),
          `${label}applications must name their team's AppProject, never "default"`,
        );
      } else if (!projects.has(project)) {
        problems.add(
          m.file,
          where(m, `${pointer}/project`),
          `${label}AppProject "${project}" is not defined in infra/`,
        );
      }
    }
    const sources: Json[] = spec.sources ?? (spec.source ? [spec.source] : []);
    const refs = new Map(
      sources.filter(s => s.ref).map(s => [s.ref, s.repoURL]),
    );
    sources.forEach((s, i) => {
      const at = spec.sources ? `${pointer}/sources/${i}` : `${pointer}/source`;
      if (
        s.repoURL === input.infraRepoUrl &&
        typeof s.path === 'string' &&
        !templated(s.path) &&
        !inRepo(s.path)
      ) {
        problems.add(
          m.file,
          where(m, at),
          `${label}path ${s.path} does not exist in the infra repo`,
        );
      }
      for (const f of (s.helm?.valueFiles ?? []) as string[]) {
        const match = /^\$([^/]+)\/(.*)$/.exec(f);
        if (!match || templated(f) || refs.get(match[1]) !== input.infraRepoUrl)
          continue;
        if (!inRepo(match[2])) {
          problems.add(
            m.file,
            where(m, `${at}/helm/valueFiles`),
            `${label}values file ${match[2]} does not exist in the infra repo`,
          );
        }
      }
    });
  };

  for (const m of ofKind('Application'))
    checkApplication(m, m.object, '/spec', '');

  const argo = argoClusters(manifests);
  for (const m of ofKind('ApplicationSet')) {
    let apps: Json[];
    try {
      apps = renderApplicationSet(m.object, {
        clusters: argo,
        infraDir: input.infraDir,
        infraRepoUrl: input.infraRepoUrl,
      });
    } catch (e) {
      problems.add(
        m.file,
        where(m, '/spec'),
        `ApplicationSet does not render: ${(e as Error).message}`,
      );
      continue;
    }
    if (apps.length === 0) {
      problems.add(
        m.file,
        where(m, '/spec/generators'),
        'ApplicationSet generates no Application from the clusters and folders in the repo',
      );
    }
    for (const app of apps) {
      const label = `generated ${nameOf(app)}: `;
      checkApplication(m, app, '/spec/template/spec', label);
      for (const e of input.validate(app)) {
        problems.add(m.file, where(m, '/spec/template'), `${label}${e}`);
      }
    }
    const generators = JSON.stringify(
      (m.object.spec as Json)?.generators ?? [],
    );
    for (const match of generators.matchAll(
      /"key":"trinity\.io\/cluster","operator":"In","values":\[([^\]]*)\]/g,
    )) {
      for (const n of JSON.parse(`[${match[1]}]`) as string[]) {
        if (!byName.has(n))
          problems.add(m.file, where(m, '/spec/generators'), unknownCluster(n));
      }
    }
  }

  // Tenants: one overlay per registered cluster.
  const tenantsDir = path.join(input.infraDir, 'tenants');
  if (fs.existsSync(tenantsDir)) {
    for (const product of fs.readdirSync(tenantsDir)) {
      const dir = path.join(tenantsDir, product, 'clusters');
      if (!fs.existsSync(dir)) continue;
      for (const c of fs.readdirSync(dir)) {
        if (!byName.has(c)) {
          problems.add(
            `infra/tenants/${product}/clusters/${c}`,
            '',
            unknownCluster(c),
          );
        }
      }
    }
  }

  // A hostname belongs to one product: the portal trusts an entry point
  // only when one tenant declares it (docs/security.md).
  const hostnames = new Map<string, string>();
  for (const m of ofKind('EntryPoint')) {
    if (!m.file.startsWith('infra/tenants/')) continue;
    const hostname = String((m.object.spec as Json)?.hostname ?? '')
      .toLowerCase()
      .replace(/\.$/, '');
    const first = hostnames.get(hostname);
    if (first && first !== m.file) {
      problems.add(
        m.file,
        where(m, '/spec/hostname'),
        `${hostname} is already the entry point of ${first}: a hostname belongs to one product`,
      );
    } else {
      hostnames.set(hostname, m.file);
    }
  }

  for (const m of ofKind('EntryPoint')) {
    ((m.object.spec as Json)?.targets ?? []).forEach((t: Json, i: number) => {
      const c = byName.get(t.cluster);
      if (!c)
        problems.add(
          m.file,
          where(m, `/spec/targets/${i}/cluster`),
          unknownCluster(t.cluster),
        );
      else if (c.entryPoint && t.address !== c.entryPoint) {
        problems.add(
          m.file,
          where(m, `/spec/targets/${i}/address`),
          `${t.address} is not ${c.name}'s ingress (${c.entryPoint} in the registry)`,
        );
      }
    });
  }

  for (const m of ofKind('ExternalSecret')) {
    const ref = ((m.object.spec as Json)?.secretStoreRef ?? {}) as Json;
    if (ref.kind === 'ClusterSecretStore' && !stores.has(ref.name)) {
      problems.add(
        m.file,
        where(m, '/spec/secretStoreRef/name'),
        `ClusterSecretStore "${ref.name}" is not defined in infra/`,
      );
    }
  }

  // Crossplane clusters and Argo CD cluster secrets agree with the registry.
  const compare = (
    m: Manifest,
    c: RegisteredCluster,
    fields: Array<[string, unknown, string]>,
  ) => {
    for (const [field, value, pointer] of fields) {
      const expected = (c as unknown as Json)[field];
      if (String(value) !== String(expected)) {
        problems.add(
          m.file,
          where(m, pointer),
          `${field} is ${JSON.stringify(
            value,
          )} but the registry says ${JSON.stringify(expected)} for ${c.name}`,
        );
      }
    }
  };
  const claims = ofKind('Cluster').filter(m =>
    m.file.startsWith('infra/crossplane/clusters/'),
  );
  const secrets = argo.map(a => ({ ...a.manifest, labels: a.labels }));
  for (const m of claims) {
    const c = byName.get(nameOf(m.object)!);
    const s = (m.object.spec ?? {}) as Json;
    if (!c)
      problems.add(
        m.file,
        where(m, '/metadata/name'),
        unknownCluster(nameOf(m.object)),
      );
    else {
      compare(m, c, [
        ['provider', s.provider, '/spec/provider'],
        ['region', s.region, '/spec/region'],
        ['upgradeRing', s.upgradeRing, '/spec/upgradeRing'],
      ]);
      // The registry says what runs; a claim may be one minor version ahead
      // while its ring upgrades (the cluster-upgrade template's pull
      // request), never behind and never more.
      const minorOf = (v: unknown) => Number(/^1\.(\d+)$/.exec(String(v))?.[1]);
      const ahead = minorOf(s.kubernetesVersion) - minorOf(c.kubernetesVersion);
      if (!(ahead === 0 || ahead === 1)) {
        problems.add(
          m.file,
          where(m, '/spec/kubernetesVersion'),
          `kubernetesVersion is ${JSON.stringify(
            s.kubernetesVersion,
          )} but the registry says "${c.kubernetesVersion}" for ${
            c.name
          } (a claim may be at most one minor version ahead, during an upgrade)`,
        );
      }
    }
  }
  for (const m of secrets) {
    const labels = m.labels;
    const c = byName.get(labels['trinity.io/cluster']);
    if (!c)
      problems.add(
        m.file,
        where(m, '/metadata/labels'),
        unknownCluster(labels['trinity.io/cluster']),
      );
    else {
      compare(m, c, [
        [
          'provider',
          labels['trinity.io/provider'],
          '/metadata/labels/trinity.io~1provider',
        ],
        [
          'region',
          labels['trinity.io/region'],
          '/metadata/labels/trinity.io~1region',
        ],
        [
          'upgradeRing',
          labels['trinity.io/upgrade-ring'],
          '/metadata/labels/trinity.io~1upgrade-ring',
        ],
      ]);
    }
  }
  checkRegistrationReader(ofKind('Role'), secrets, problems);
  checkNetworks(claims, problems);
  for (const c of clusters) {
    if (claims.length && !claims.some(m => nameOf(m.object) === c.name)) {
      problems.add(
        'infra/crossplane/clusters',
        '',
        `registered cluster ${c.name} has no Cluster in infra/crossplane/clusters/`,
      );
    }
    if (
      secrets.length &&
      !secrets.some(m => m.labels['trinity.io/cluster'] === c.name)
    ) {
      problems.add(
        'infra/argocd/clusters',
        '',
        `registered cluster ${c.name} has no Argo CD cluster secret`,
      );
    }
  }
}

/**
 * The registration store reads through a Role limited to Secrets by name
 * (the namespace also holds the clusters' admin credentials): every Secret a
 * cluster registration extracts must be named in it, or that cluster never
 * reaches Argo CD.
 */
function checkRegistrationReader(
  roles: Manifest[],
  registrations: Manifest[],
  problems: Problems,
) {
  const reader = roles.find(
    m => nameOf(m.object) === 'cluster-registration-reader',
  );
  if (!reader) return;
  const readable = new Set(
    (((reader.object as Json).rules ?? []) as Json[])
      .filter(r => (r.resources ?? []).includes('secrets'))
      .flatMap(r => (r.resourceNames ?? []) as string[]),
  );
  for (const m of registrations) {
    const spec = (m.object.spec ?? {}) as Json;
    if (spec.secretStoreRef?.name !== 'cluster-registrations') continue;
    for (const [i, d] of ((spec.dataFrom ?? []) as Json[]).entries()) {
      const key = d.extract?.key;
      if (key && !readable.has(key)) {
        problems.add(
          m.file,
          where(m, `/spec/dataFrom/${i}/extract/key`),
          `Secret "${key}" is not among the resourceNames of Role cluster-registration-reader (${reader.file}): the registration cannot be read`,
        );
      }
    }
  }
}

const ipv4 = (cidr: string) => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
  const size = 2 ** (32 - +m[5]);
  return { start: base - (base % size), end: base - (base % size) + size - 1 };
};

/**
 * Each cluster's node network is its own: no two Crossplane clusters'
 * `spec.network.cidr` overlap (clouds get peered or joined by VPN), and no
 * cluster's node network overlaps its own pod or service range.
 */
function checkNetworks(claims: Manifest[], problems: Problems) {
  const nets = claims.flatMap(m => {
    const n = ((m.object.spec as Json)?.network ?? {}) as Json;
    const range = ipv4(String(n.cidr));
    return range ? [{ m, cidr: String(n.cidr), range, n }] : [];
  });
  const overlap = (
    a: { start: number; end: number },
    b: { start: number; end: number },
  ) => a.start <= b.end && b.start <= a.end;
  nets.forEach((a, i) => {
    for (const b of nets.slice(0, i)) {
      if (overlap(a.range, b.range)) {
        problems.add(
          a.m.file,
          where(a.m, '/spec/network/cidr'),
          `network ${a.cidr} overlaps ${b.cidr} of ${nameOf(b.m.object)}`,
        );
      }
    }
    for (const key of ['podCidr', 'serviceCidr']) {
      const own = a.n[key] ? ipv4(String(a.n[key])) : undefined;
      if (own && overlap(a.range, own)) {
        problems.add(
          a.m.file,
          where(a.m, '/spec/network/cidr'),
          `network ${a.cidr} overlaps the cluster's own ${key} ${a.n[key]}`,
        );
      }
    }
  });
}
