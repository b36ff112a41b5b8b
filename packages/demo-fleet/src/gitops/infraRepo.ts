/**
 * GitOps, played: what the forge's infra repository holds on its default
 * branch — every tenant that was merged, with what the demo fleet needs to
 * "sync" it: its clusters and namespace, its entry point, its services
 * (one per HorizontalPodAutoscaler of its base, with its replicas and SLO
 * objective) and the objects of its base (namespace labels, Sloth specs).
 * Read with git from the bare repository, as Argo CD reads a repository; the
 * tenants are parsed by the same reader the portal uses
 * (`readInfraTenants`), so the demo syncs exactly what the portal shows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readInfraTenants } from '@internal/plugin-forge-node';
import { DemoService } from '../fleet';
import { RingFile } from '../releases';
import { repoRoot } from '../repoRoot';

type Json = Record<string, any>;

const git = (gitDir: string, args: string[]) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });

export interface MergedTenant {
  product: string;
  team: string;
  namespace: string;
  clusters: string[];
  /** The entry point's hostname, when the tenant declares one. */
  hostname?: string;
  services: DemoService[];
  /** Every object of tenants/<product>/base (kustomization.yaml aside). */
  objects: Json[];
  /**
   * Its services' ring files (tenants/<product>/services/<service>.yaml):
   * the image and the tag each upgrade ring runs.
   */
  ringFiles: RingFile[];
}

/** The ring files of a tenant directory; one without `image` or `rings` is skipped. */
function ringFilesOf(dir: string, product: string): RingFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .flatMap(name => {
      const doc = parseAllDocuments(
        fs.readFileSync(path.join(dir, name), 'utf8'),
      )[0]?.toJS();
      if (
        !doc ||
        typeof doc.service !== 'string' ||
        typeof doc.image !== 'string' ||
        !doc.rings ||
        typeof doc.rings !== 'object'
      ) {
        return [];
      }
      const rings = Object.fromEntries(
        Object.entries(doc.rings as Record<string, unknown>).map(
          ([ring, tag]) => [ring, String(tag)],
        ),
      );
      return [{ service: doc.service, product, image: doc.image, rings }];
    });
}

/**
 * Each cluster's upgrade ring (`spec.upgradeRing` of registry/<cluster>.yaml):
 * the infra repo's registry on that commit, else this repository's
 * (infra/registry), for a forge repo that holds only tenants.
 */
export function clusterRings(
  gitDir: string,
  commit: string,
): Map<string, string> {
  const rings = new Map<string, string>();
  const read = (text: string) => {
    const doc = parseAllDocuments(text)[0]?.toJS();
    const name = doc?.metadata?.name;
    const ring = doc?.spec?.upgradeRing;
    if (typeof name === 'string' && typeof ring === 'string') {
      rings.set(name, ring);
    }
  };
  let names: string[] = [];
  try {
    names = git(gitDir, ['ls-tree', '--name-only', commit, 'registry/'])
      .toString()
      .split('\n')
      .filter(name => /\.ya?ml$/.test(name));
  } catch {
    names = [];
  }
  for (const name of names) {
    read(git(gitDir, ['show', `${commit}:${name}`]).toString());
  }
  if (rings.size === 0) {
    const local = path.join(repoRoot, 'infra/registry');
    for (const name of fs.readdirSync(local)) {
      if (/\.ya?ml$/.test(name)) {
        read(fs.readFileSync(path.join(local, name), 'utf8'));
      }
    }
  }
  return rings;
}

/** The default branch's commit, or undefined for an empty repository. */
export function headOf(gitDir: string, branch = 'main'): string | undefined {
  try {
    return git(gitDir, ['rev-parse', '--verify', '-q', `${branch}^{commit}`])
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/** Extracts `paths` (all when empty) of a commit into a new directory. */
export function checkout(gitDir: string, commit: string, paths: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-gitops-'));
  const tar = path.join(dir, '.archive.tar');
  git(gitDir, ['archive', '--format=tar', '-o', tar, commit, ...paths]);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  fs.rmSync(tar);
  return dir;
}

function baseObjects(dir: string): Json[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml')
    .sort()
    .flatMap(name =>
      parseAllDocuments(fs.readFileSync(path.join(dir, name), 'utf8')).map(
        doc => doc.toJS(),
      ),
    )
    .filter(object => object && typeof object === 'object' && object.kind);
}

/** The services of a tenant's base: one per HPA, with its SLO objective. */
function servicesOf(
  product: string,
  team: string,
  namespace: string,
  clusters: string[],
  objects: Json[],
): DemoService[] {
  return objects
    .filter(object => object.kind === 'HorizontalPodAutoscaler')
    .map(hpa => {
      const name = String(hpa.metadata?.name);
      const slo = objects.find(
        object =>
          object.kind === 'PrometheusServiceLevel' &&
          object.spec?.service === name,
      );
      const objective = Number(slo?.spec?.slos?.[0]?.objective ?? 99.9);
      return {
        name,
        product,
        namespace,
        replicas: Number(hpa.spec?.minReplicas ?? 2),
        hpaMax: Number(hpa.spec?.maxReplicas ?? 10),
        image: `registry.trinity.example/${product}/${name.slice(
          product.length + 1,
        )}`,
        objective: objective / 100,
        clusters,
        team,
      };
    });
}

/** Every tenant on a commit of the infra repository. */
export async function mergedTenants(
  gitDir: string,
  commit: string,
): Promise<{ tenants: MergedTenant[]; problems: string[] }> {
  try {
    git(gitDir, ['cat-file', '-e', `${commit}:tenants`]);
  } catch {
    return { tenants: [], problems: [] }; // no tenant merged yet
  }
  const root = checkout(gitDir, commit, ['tenants']);
  try {
    const read = await readInfraTenants(root);
    const tenants = read.tenants.map(tenant => {
      const product = tenant.system.split('/')[1];
      const objects = baseObjects(path.join(root, tenant.path, 'base'));
      return {
        product,
        team: tenant.owner.split('/')[1],
        namespace: tenant.namespace,
        clusters: tenant.clusters,
        hostname: read.entryPoints.find(entry => entry.system === tenant.system)
          ?.hostname,
        services: servicesOf(
          product,
          tenant.owner.split('/')[1],
          tenant.namespace,
          tenant.clusters,
          objects,
        ),
        objects,
        ringFiles: ringFilesOf(
          path.join(root, tenant.path, 'services'),
          product,
        ),
      };
    });
    return { tenants, problems: read.problems };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
