import { matchesSelector } from './labelSelector';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderGoTemplate } from './gotemplate';
import { Manifest, nameOf } from './load';

type Json = Record<string, any>;

/** Argo CD's "normalized" names: lowercase, anything else becomes "-". */
const normalise = (name: string) =>
  name.toLowerCase().replace(/[^a-z0-9-.]/g, '-');

/** A cluster as Argo CD's cluster generator sees it. */
export interface ArgoCluster {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * The clusters Argo CD will know: declarative cluster Secrets, written
 * directly or as the template of an ExternalSecret that renders one.
 */
export function argoClusters(
  manifests: Manifest[],
): Array<ArgoCluster & { manifest: Manifest }> {
  const out: Array<ArgoCluster & { manifest: Manifest }> = [];
  for (const m of manifests) {
    let meta: Json | undefined;
    let data: Json = {};
    if (m.object.kind === 'Secret') {
      meta = m.object.metadata as Json;
      data = { ...((m.object.stringData ?? {}) as Json) };
    } else if (m.object.kind === 'ExternalSecret') {
      const template = ((m.object.spec as Json)?.target?.template ??
        {}) as Json;
      meta = template.metadata;
      data = (template.data ?? {}) as Json;
    }
    const labels = (meta?.labels ?? {}) as Record<string, string>;
    if (labels['argocd.argoproj.io/secret-type'] !== 'cluster') continue;
    out.push({
      name: String(
        data.name ?? labels['trinity.io/cluster'] ?? nameOf(m.object),
      ),
      labels,
      annotations: (meta?.annotations ?? {}) as Record<string, string>,
      manifest: m,
    });
  }
  return out;
}

export interface GeneratorContext {
  clusters: ArgoCluster[];
  infraDir: string;
  infraRepoUrl: string;
}

/**
 * The parameter sets an ApplicationSet's generators produce, for the
 * generators whose input is in the repo: clusters (from the cluster
 * Secrets), list, git directories and files of the infra repo, and matrix
 * of those. Anything else is reported, not guessed.
 */
export function generateParams(
  generators: Json[],
  ctx: GeneratorContext,
): Json[] {
  const out: Json[] = [];
  for (const g of generators ?? []) {
    if (g.clusters) {
      for (const c of ctx.clusters.filter(x =>
        matchesSelector(g.clusters.selector, x.labels),
      )) {
        out.push({
          name: c.name,
          nameNormalized: normalise(c.name),
          server: `https://${c.name}.invalid`,
          metadata: { labels: c.labels, annotations: c.annotations },
          ...((g.clusters.values ?? {}) as Json),
        });
      }
    } else if (g.list) {
      out.push(...((g.list.elements ?? []) as Json[]));
    } else if (g.git) {
      if (g.git.repoURL !== ctx.infraRepoUrl)
        throw new Error(
          `git generator on ${g.git.repoURL}: only the infra repo can be expanded here`,
        );
      for (const f of (g.git.files ?? []) as Json[]) {
        out.push(...gitFileParams(ctx.infraDir, String(f.path)));
      }
      for (const d of (g.git.directories ?? []) as Json[]) {
        if (d.exclude) continue;
        for (const dir of globDirectories(ctx.infraDir, d.path)) {
          const segments = dir.split('/');
          out.push({
            path: {
              path: dir,
              basename: segments[segments.length - 1],
              basenameNormalized: normalise(segments[segments.length - 1]),
              segments,
            },
          });
        }
      }
    } else if (g.matrix) {
      const [a, b] = g.matrix.generators ?? [];
      for (const pa of generateParams([a], ctx)) {
        for (const pb of generateParams([b], ctx)) out.push({ ...pa, ...pb });
      }
    } else {
      throw new Error(
        `generator ${Object.keys(g).join(', ')} cannot be expanded here`,
      );
    }
  }
  return out;
}

/**
 * A git files generator's parameter sets (goTemplate mode): each matching
 * YAML file's content (each element when it holds a list) plus `path`, as
 * Argo CD gives them.
 */
function gitFileParams(root: string, pattern: string): Json[] {
  const out: Json[] = [];
  for (const file of matchingFiles(root, pattern)) {
    const content = parse(fs.readFileSync(path.join(root, file), 'utf8'));
    const dir = path.posix.dirname(file);
    const filename = path.posix.basename(file);
    const segments = dir.split('/');
    const basename = segments[segments.length - 1];
    const pathParams = {
      path: dir,
      basename,
      basenameNormalized: normalise(basename),
      filename,
      filenameNormalized: normalise(filename),
      segments,
    };
    for (const item of Array.isArray(content) ? content : [content]) {
      out.push({ ...(item as Json), path: pathParams });
    }
  }
  return out;
}

/** Files of root matching a git files generator path (`*` within one segment). */
function matchingFiles(root: string, pattern: string): string[] {
  const filePattern = new RegExp(
    `^${path.posix
      .basename(pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')}$`,
  );
  return globDirectories(root, path.posix.dirname(pattern)).flatMap(dir =>
    fs
      .readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter(e => e.isFile() && filePattern.test(e.name))
      .map(e => `${dir}/${e.name}`)
      .sort(),
  );
}

/** `tenants/*\/appset` → directories of infraDir matching it (`*` = one segment). */
function globDirectories(root: string, pattern: string): string[] {
  let current = [''];
  for (const seg of pattern.split('/')) {
    const next: string[] = [];
    for (const base of current) {
      const dir = path.join(root, base);
      if (!fs.existsSync(dir)) continue;
      const names =
        seg === '*'
          ? fs
              .readdirSync(dir, { withFileTypes: true })
              .filter(e => e.isDirectory())
              .map(e => e.name)
          : [seg];
      for (const n of names) {
        if (fs.existsSync(path.join(dir, n)))
          next.push(base ? `${base}/${n}` : n);
      }
    }
    current = next;
  }
  return current;
}

/** Renders every string of the template with one parameter set (goTemplate mode). */
function renderStrings(
  value: unknown,
  params: Json,
  options: string[],
): unknown {
  if (typeof value === 'string') {
    return value.includes('{{')
      ? renderGoTemplate(value, params, { options })
      : value;
  }
  if (Array.isArray(value))
    return value.map(v => renderStrings(v, params, options));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json).map(([k, v]) => [
        renderStrings(k, params, options) as string,
        renderStrings(v, params, options),
      ]),
    );
  }
  return value;
}

/**
 * The Applications an ApplicationSet generates from what is in the repo, as
 * Argo CD would render them (goTemplate with missingkey=error), or the
 * reason it cannot be expanded.
 */
export function renderApplicationSet(
  appset: Json,
  ctx: GeneratorContext,
): Json[] {
  const spec = (appset.spec ?? {}) as Json;
  if (!spec.goTemplate)
    throw new Error('ApplicationSets here use goTemplate: true');
  return generateParams(spec.generators, ctx).map(params => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    ...(renderStrings(
      spec.template,
      params,
      spec.goTemplateOptions ?? [],
    ) as Json),
  }));
}

/**
 * The files (relative to the repo root) that git files generators of the
 * given ApplicationSets read from the infra repo.
 */
export function generatorFiles(
  manifests: Manifest[],
  infraDir: string,
  repoRoot: string,
): Set<string> {
  const out = new Set<string>();
  const visit = (generators: Json[]) => {
    for (const g of generators ?? []) {
      for (const f of (g.git?.files ?? []) as Json[]) {
        for (const file of matchingFiles(infraDir, String(f.path))) {
          out.add(
            path
              .relative(repoRoot, path.join(infraDir, file))
              .split(path.sep)
              .join('/'),
          );
        }
      }
      visit((g.matrix?.generators ?? g.merge?.generators ?? []) as Json[]);
    }
  };
  for (const m of manifests) {
    if (m.object.kind === 'ApplicationSet') {
      visit(((m.object.spec as Json)?.generators ?? []) as Json[]);
    }
  }
  return out;
}
