import fs from 'node:fs';
import path from 'node:path';
import { labelsOf, Manifest, nameOf, where } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/** A cluster of the portal's registry (catalog/platform.yaml). */
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
    .filter(m => m.object.kind === 'Resource' && (m.object.spec as Json)?.type === 'kubernetes-cluster')
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
}

const templated = (s: unknown) => typeof s === 'string' && s.includes('{{');

/** Cluster names an ApplicationSet's cluster generators select by `trinity.io/cluster In`. */
function selectedClusters(generators: Json[]): string[] | undefined {
  for (const g of generators ?? []) {
    const nested = g.matrix?.generators ?? g.merge?.generators;
    if (nested) {
      const inner = selectedClusters(nested);
      if (inner) return inner;
    }
    for (const e of (g.clusters?.selector?.matchExpressions ?? []) as Json[]) {
      if (e.key === 'trinity.io/cluster' && e.operator === 'In') return e.values;
    }
  }
  return undefined;
}

/**
 * Cross-references that no schema can see: Argo CD objects name existing
 * projects (never `default`) and existing paths of this repo; tenants,
 * entry points, Crossplane clusters and Argo CD cluster secrets name
 * registered clusters and agree with the registry; secrets come from stores
 * the repo defines; policy bindings bind policies that exist.
 */
export function checkReferences(input: ReferenceInput) {
  const { manifests, clusters, problems } = input;
  const byName = new Map(clusters.map(c => [c.name, c]));
  const ofKind = (kind: string) => manifests.filter(m => m.object.kind === kind);
  const projects = new Set(ofKind('AppProject').map(m => nameOf(m.object)));
  const stores = new Set(ofKind('ClusterSecretStore').map(m => nameOf(m.object)));
  const policies = new Set(ofKind('ValidatingAdmissionPolicy').map(m => nameOf(m.object)));
  const unknownCluster = (name: unknown) =>
    `"${name}" is not a registered cluster (catalog/platform.yaml has ${clusters.map(c => c.name).join(', ')})`;

  const checkSource = (m: Manifest, pointer: string, source: Json, names: string[]) => {
    if (source?.repoURL !== input.infraRepoUrl || typeof source.path !== 'string') return;
    const paths = templated(source.path)
      ? names.map(n => source.path.replace(/\{\{\s*\.name\s*\}\}/g, n))
      : [source.path];
    for (const p of paths) {
      if (templated(p)) continue;
      const dir = path.resolve(input.infraDir, p);
      if (!dir.startsWith(input.infraDir) || !fs.existsSync(dir)) {
        problems.add(m.file, where(m, pointer), `path ${p} does not exist in the infra repo`);
      }
    }
  };
  const checkProject = (m: Manifest, pointer: string, project: unknown) => {
    if (templated(project)) return;
    if (project === 'default' || project === undefined) {
      problems.add(m.file, where(m, pointer), 'applications must name their team\'s AppProject, never "default"');
    } else if (!projects.has(project as string)) {
      problems.add(m.file, where(m, pointer), `AppProject "${project}" is not defined in infra/`);
    }
  };

  for (const m of ofKind('Application')) {
    const spec = (m.object.spec ?? {}) as Json;
    checkProject(m, '/spec/project', spec.project);
    const sources = spec.sources ?? [spec.source];
    sources.forEach((s: Json, i: number) => checkSource(m, spec.sources ? `/spec/sources/${i}` : '/spec/source', s, []));
  }
  for (const m of ofKind('ApplicationSet')) {
    const spec = (m.object.spec ?? {}) as Json;
    const template = (spec.template?.spec ?? {}) as Json;
    checkProject(m, '/spec/template/spec/project', template.project);
    const selected = selectedClusters(spec.generators);
    for (const n of selected ?? []) {
      if (!byName.has(n)) problems.add(m.file, where(m, '/spec/generators'), unknownCluster(n));
    }
    const names = selected ?? clusters.map(c => c.name);
    const sources = template.sources ?? [template.source];
    sources.forEach((s: Json, i: number) =>
      checkSource(m, template.sources ? `/spec/template/spec/sources/${i}` : '/spec/template/spec/source', s, names),
    );
  }

  // Tenants: one overlay per registered cluster.
  const tenantsDir = path.join(input.infraDir, 'tenants');
  if (fs.existsSync(tenantsDir)) {
    for (const product of fs.readdirSync(tenantsDir)) {
      const dir = path.join(tenantsDir, product, 'clusters');
      if (!fs.existsSync(dir)) continue;
      for (const c of fs.readdirSync(dir)) {
        if (!byName.has(c)) {
          problems.add(`infra/tenants/${product}/clusters/${c}`, '', unknownCluster(c));
        }
      }
    }
  }

  for (const m of ofKind('EntryPoint')) {
    ((m.object.spec as Json)?.targets ?? []).forEach((t: Json, i: number) => {
      const c = byName.get(t.cluster);
      if (!c) problems.add(m.file, where(m, `/spec/targets/${i}/cluster`), unknownCluster(t.cluster));
      else if (c.entryPoint && t.address !== c.entryPoint) {
        problems.add(m.file, where(m, `/spec/targets/${i}/address`), `${t.address} is not ${c.name}'s ingress (${c.entryPoint} in the registry)`);
      }
    });
  }

  for (const m of ofKind('ExternalSecret')) {
    const ref = ((m.object.spec as Json)?.secretStoreRef ?? {}) as Json;
    if (ref.kind === 'ClusterSecretStore' && !stores.has(ref.name)) {
      problems.add(m.file, where(m, '/spec/secretStoreRef/name'), `ClusterSecretStore "${ref.name}" is not defined in infra/`);
    }
  }

  for (const m of ofKind('ValidatingAdmissionPolicyBinding')) {
    const name = (m.object.spec as Json)?.policyName;
    if (!policies.has(name)) {
      problems.add(m.file, where(m, '/spec/policyName'), `ValidatingAdmissionPolicy "${name}" is not defined in infra/`);
    }
  }

  // Crossplane clusters and Argo CD cluster secrets agree with the registry.
  const compare = (m: Manifest, c: RegisteredCluster, fields: Array<[string, unknown, string]>) => {
    for (const [field, value, pointer] of fields) {
      const expected = (c as unknown as Json)[field];
      if (String(value) !== String(expected)) {
        problems.add(m.file, where(m, pointer), `${field} is ${JSON.stringify(value)} but the registry says ${JSON.stringify(expected)} for ${c.name}`);
      }
    }
  };
  const claims = ofKind('Cluster').filter(m => m.file.startsWith('infra/crossplane/clusters/'));
  const secrets = ofKind('Secret').filter(
    m => labelsOf(m.object)['argocd.argoproj.io/secret-type'] === 'cluster',
  );
  for (const m of claims) {
    const c = byName.get(nameOf(m.object)!);
    const s = (m.object.spec ?? {}) as Json;
    if (!c) problems.add(m.file, where(m, '/metadata/name'), unknownCluster(nameOf(m.object)));
    else {
      compare(m, c, [
        ['provider', s.provider, '/spec/provider'],
        ['region', s.region, '/spec/region'],
        ['kubernetesVersion', s.kubernetesVersion, '/spec/kubernetesVersion'],
        ['upgradeRing', s.upgradeRing, '/spec/upgradeRing'],
      ]);
    }
  }
  for (const m of secrets) {
    const labels = labelsOf(m.object);
    const c = byName.get(labels['trinity.io/cluster']);
    if (!c) problems.add(m.file, where(m, '/metadata/labels'), unknownCluster(labels['trinity.io/cluster']));
    else {
      compare(m, c, [
        ['provider', labels['trinity.io/provider'], '/metadata/labels/trinity.io~1provider'],
        ['region', labels['trinity.io/region'], '/metadata/labels/trinity.io~1region'],
        ['upgradeRing', labels['trinity.io/upgrade-ring'], '/metadata/labels/trinity.io~1upgrade-ring'],
      ]);
    }
  }
  for (const c of clusters) {
    if (claims.length && !claims.some(m => nameOf(m.object) === c.name)) {
      problems.add('infra/crossplane/clusters', '', `registered cluster ${c.name} has no Cluster in infra/crossplane/clusters/`);
    }
    if (secrets.length && !secrets.some(m => labelsOf(m.object)['trinity.io/cluster'] === c.name)) {
      problems.add('infra/argocd/clusters', '', `registered cluster ${c.name} has no Argo CD cluster secret`);
    }
  }
}
