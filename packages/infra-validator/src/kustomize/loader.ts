/*
 * Paths, kustomize's load restrictions (LoadRestrictionsRootOnly, no remote
 * targets, nothing outside the repository root) and reading resource files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { getKind, getName, isEmptyMap, isMap, Obj } from './objects';
import { KustomizeError } from './types';

export interface Ctx {
  repoRoot?: string;
}

export function display(ctx: Ctx, p: string): string {
  if (!ctx.repoRoot) return p;
  return path.relative(ctx.repoRoot, p) || '.';
}

export const isWithin = (p: string, dir: string) =>
  p === dir || dir === path.sep || p.startsWith(dir + path.sep);

/** Remote targets (git repositories, URLs) that kustomize would fetch. */
function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git@/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com)\//.test(
      ref,
    ) ||
    /\?(ref|version|timeout|submodules)=/.test(ref)
  );
}

export class Loader {
  constructor(
    readonly ctx: Ctx,
    /** Symlink-free directory of the kustomization. */
    readonly root: string,
    /** The kustomization file, for errors. */
    readonly kfile: string,
  ) {}

  fail(reason: string): never {
    throw new KustomizeError(display(this.ctx, this.kfile), reason);
  }

  show(p: string) {
    return display(this.ctx, p);
  }

  /** Resolves a relative reference; checks existence and the repo root. */
  resolve(ref: string, what: string): string {
    if (isRemote(ref)) {
      this.fail(`${what} "${ref}" is remote; remote targets are not supported`);
    }
    if (path.isAbsolute(ref)) {
      this.fail(
        `${what} "${ref}" is an absolute path; only relative paths are allowed`,
      );
    }
    const joined = path.resolve(this.root, ref);
    let real: string;
    try {
      real = fs.realpathSync(joined);
    } catch {
      return this.fail(`${what} "${ref}" not found (${this.show(joined)})`);
    }
    if (this.ctx.repoRoot && !isWithin(real, this.ctx.repoRoot)) {
      this.fail(
        `${what} "${ref}" resolves to ${real}, outside the repository root`,
      );
    }
    return real;
  }

  /** A file for a patch, generator or resource: must be inside the root (LoadRestrictionsRootOnly). */
  file(ref: string, what: string): string {
    const real = this.resolve(ref, what);
    if (!fs.statSync(real).isFile()) {
      this.fail(`${what} "${ref}" must resolve to a file`);
    }
    if (!isWithin(path.dirname(real), this.root)) {
      this.fail(
        `security; ${what} "${ref}" resolves to ${this.show(
          real,
        )}, which is not in or below ${this.show(
          this.root,
        )} (kustomize's default load restrictor, LoadRestrictionsRootOnly)`,
      );
    }
    return real;
  }

  read(ref: string, what: string): { real: string; content: Buffer } {
    const real = this.file(ref, what);
    return { real, content: fs.readFileSync(real) };
  }
}

// Reading resources

/** kyaml reads resources with go-yaml v3: YAML 1.2 with merge keys. */
function parseResourceDocs(text: string, where: string, ctx: Ctx): unknown[] {
  const docs = parseAllDocuments(text, { merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map(d => {
    if (d.errors.length > 0) {
      throw new KustomizeError(
        display(ctx, where),
        `invalid YAML: ${d.errors[0].message}`,
      );
    }
    return d.toJS() as unknown;
  });
}

export function validateResource(
  obj: unknown,
  fail: (reason: string) => never,
): Obj {
  if (!isMap(obj)) return fail('a resource must be a YAML map');
  for (const f of ['apiVersion', 'kind'] as const) {
    if (obj[f] !== undefined && typeof obj[f] !== 'string') {
      fail(`${f} must be a string`);
    }
  }
  const kind = getKind(obj);
  if (!kind)
    fail(`missing kind in object ${JSON.stringify(obj.metadata ?? {})}`);
  if (obj.metadata !== undefined && !isMap(obj.metadata)) {
    fail(`metadata of a ${kind} must be a map`);
  }
  const meta = isMap(obj.metadata) ? obj.metadata : {};
  for (const f of ['name', 'namespace'] as const) {
    if (
      meta[f] !== undefined &&
      meta[f] !== null &&
      typeof meta[f] !== 'string'
    ) {
      fail(`metadata.${f} of a ${kind} must be a string`);
    }
  }
  if (!kind.endsWith('List') && !getName(obj)) {
    fail(`missing metadata.name in a ${kind}`);
  }
  return obj;
}

/** Documents → resources: empty documents dropped, `*List` kinds with items inlined. */
export function objectsFromText(text: string, file: string, ctx: Ctx): Obj[] {
  const fail = (reason: string): never => {
    throw new KustomizeError(display(ctx, file), reason);
  };
  const queue = parseResourceDocs(text, file, ctx).filter(
    d => d !== null && d !== undefined && !isEmptyMap(d),
  );
  const out: Obj[] = [];
  while (queue.length > 0) {
    const obj = validateResource(queue.shift(), fail);
    if (!getKind(obj).endsWith('List') || !('items' in obj)) {
      out.push(obj);
      continue;
    }
    const items = obj.items;
    if (items === null) continue;
    if (!Array.isArray(items)) {
      fail(`expected a list in ${getKind(obj)}/items`);
    }
    queue.push(
      ...(items as unknown[]).filter(i => i !== null && !isEmptyMap(i)),
    );
  }
  return out;
}
