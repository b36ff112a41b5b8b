import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  ENTRY_POINT_RESOURCE_TYPE,
  EntryPointRegistration,
  TENANT_RESOURCE_TYPE,
  TenantSpec,
} from '@internal/plugin-platform-common';

/** What the infra repo's tenants/ declares, and what in it could not be trusted. */
export interface InfraTenants {
  tenants: TenantSpec[];
  entryPoints: EntryPointRegistration[];
  /** Each tenant or entry point left out, and why. */
  problems: string[];
}

type Doc = Record<string, any>;

async function yamlDocs(file: string): Promise<Doc[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  return parseAllDocuments(text)
    .map(yamlDoc => yamlDoc.toJS() as Doc | null)
    .filter((doc): doc is Doc => !!doc && typeof doc === 'object');
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir))
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .map(name => path.join(dir, name));
  } catch {
    return [];
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true }))
      .filter(entry => entry.isDirectory())
      .map(entry => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** The `team` label of the tenant's base kustomization (Kustomize `labels` or `commonLabels`). */
function teamOf(kustomization: Doc | undefined): string | undefined {
  const pairs = [
    ...(
      (kustomization?.labels as Array<{ pairs?: Doc }> | undefined) ?? []
    ).map(label => label.pairs ?? {}),
    kustomization?.commonLabels ?? {},
  ];
  return pairs
    .map(labels => labels.team)
    .find(team => typeof team === 'string');
}

/**
 * The product's own applications: the ApplicationSet in appset/ that
 * deploys into the team's AppProject (the tenant's set deploys into
 * `platform`), and the part-of label its applications carry.
 */
async function argocdOf(
  tenantDir: string,
  team: string,
): Promise<TenantSpec['argocd']> {
  for (const file of await yamlFiles(path.join(tenantDir, 'appset'))) {
    for (const doc of await yamlDocs(file)) {
      const template = doc?.spec?.template;
      const partOf = template?.metadata?.labels?.['app.kubernetes.io/part-of'];
      if (
        doc.kind === 'ApplicationSet' &&
        template?.spec?.project === team &&
        typeof partOf === 'string' &&
        !partOf.includes('{{')
      ) {
        return {
          project: team,
          selector: `app.kubernetes.io/part-of=${partOf}`,
        };
      }
    }
  }
  return undefined;
}

const hostnamePattern =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z][-a-z0-9]{0,61}[a-z0-9]$/;

function entryPointOf(
  doc: Doc,
  tenant: TenantSpec,
  file: string,
): EntryPointRegistration | string {
  const spec = doc.spec ?? {};
  const hostname = String(spec.hostname ?? '')
    .toLocaleLowerCase('en-US')
    .replace(/\.$/, '');
  if (!hostnamePattern.test(hostname)) {
    return `${file}: spec.hostname "${spec.hostname}" is not a DNS name`;
  }
  const labelTeam = doc.metadata?.labels?.team;
  if (labelTeam !== undefined && labelTeam !== tenant.owner.split('/')[1]) {
    return `${file}: ${hostname} is labelled team ${labelTeam}, but the tenant belongs to ${tenant.owner}`;
  }
  const targets = (
    Array.isArray(spec.targets) ? (spec.targets as Doc[]) : []
  ).map(target => ({
    cluster: String(target?.cluster ?? ''),
    address: String(target?.address ?? ''),
  }));
  const outside = targets.filter(
    target => !tenant.clusters.includes(target.cluster),
  );
  if (targets.length === 0 || outside.length) {
    return `${file}: ${hostname} targets ${
      outside.map(target => target.cluster || '(no cluster)').join(', ') ||
      'no cluster'
    }, not the tenant's clusters (${tenant.clusters.join(', ')})`;
  }
  return {
    type: ENTRY_POINT_RESOURCE_TYPE,
    owner: tenant.owner,
    system: tenant.system,
    hostname,
    zoneId: String(spec.zoneId ?? ''),
    provider: String(spec.provider ?? 'route53'),
    targets,
    path: file,
  };
}

/**
 * Reads every tenant of an infra repo checkout (`tenants/<product>/`). A
 * tenant's owner is its `team` label; its entry points are the EntryPoints
 * of its `management/` folder. A hostname that two tenants declare belongs
 * to neither: both are left out with a problem, until review settles it.
 */
export async function readInfraTenants(root: string): Promise<InfraTenants> {
  const tenants: TenantSpec[] = [];
  const candidates: EntryPointRegistration[] = [];
  const problems: string[] = [];
  for (const product of await subdirectories(path.join(root, 'tenants'))) {
    const rel = `tenants/${product}`;
    const dir = path.join(root, rel);
    const [kustomization] = await yamlDocs(
      path.join(dir, 'base', 'kustomization.yaml'),
    );
    const team = teamOf(kustomization);
    if (!team) {
      problems.push(`${rel}: base/kustomization.yaml has no team label`);
      continue;
    }
    const tenant: TenantSpec = {
      type: TENANT_RESOURCE_TYPE,
      owner: `group:default/${team}`,
      system: `system:default/${product}`,
      namespace: String(kustomization?.namespace ?? product),
      clusters: await subdirectories(path.join(dir, 'clusters')),
      path: rel,
    };
    const argocd = await argocdOf(dir, team);
    if (argocd) tenant.argocd = argocd;
    tenants.push(tenant);
    for (const file of await yamlFiles(path.join(dir, 'management'))) {
      for (const doc of await yamlDocs(file)) {
        if (doc.kind !== 'EntryPoint') continue;
        const relFile = path.relative(root, file).split(path.sep).join('/');
        const read = entryPointOf(doc, tenant, relFile);
        if (typeof read === 'string') problems.push(read);
        else candidates.push(read);
      }
    }
  }
  const entryPoints: EntryPointRegistration[] = [];
  for (const candidate of candidates) {
    const claims = candidates.filter(
      other => other.hostname === candidate.hostname,
    );
    if (claims.length === 1) {
      entryPoints.push(candidate);
    } else if (claims[0] === candidate) {
      problems.push(
        `${candidate.hostname} is declared by ${claims
          .map(claim => claim.path)
          .join(
            ' and ',
          )}: a hostname belongs to one product, so neither is trusted`,
      );
    }
  }
  return { tenants, entryPoints, problems };
}
