import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Problems } from './problems';

/** One YAML document of a file under the repo. */
export interface Manifest {
  /** Path relative to the repo root, with forward slashes. */
  file: string;
  /** Index of the document in its file. */
  index: number;
  object: Record<string, unknown>;
}

export const where = (m: { index: number }, pointer = '') =>
  `#${m.index}${pointer ? ` ${pointer}` : ''}`;

export const relative = (repoRoot: string, file: string) =>
  path.relative(repoRoot, file).split(path.sep).join('/');

/** Every file under `dir` whose name ends with one of `extensions`, sorted. */
export function listFiles(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (extensions.some(e => entry.name.endsWith(e))) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Parses a YAML file into its documents. A syntax error (or a duplicate key,
 * which the API server would silently resolve) is a problem with its line
 * and column; empty documents are skipped.
 */
export function parseYamlFile(
  repoRoot: string,
  file: string,
  problems: Problems,
): Manifest[] {
  const rel = relative(repoRoot, file);
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), {
    prettyErrors: false,
  });
  const out: Manifest[] = [];
  docs.forEach((doc, index) => {
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0];
        problems.add(
          rel,
          pos ? `line ${pos.line}:${pos.col}` : where({ index }),
          `YAML: ${e.message.split('\n')[0]}`,
        );
      }
      return;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) return;
    if (typeof object !== 'object' || Array.isArray(object)) {
      problems.add(rel, where({ index }), 'a manifest must be a mapping');
      return;
    }
    out.push({ file: rel, index, object });
  });
  return out;
}

/** `group/version` → [group, version]; core `v1` → ['', 'v1']. */
export function splitApiVersion(apiVersion: unknown): [string, string] {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.indexOf('/');
  return i < 0 ? ['', s] : [s.slice(0, i), s.slice(i + 1)];
}

export const nameOf = (o: Record<string, unknown>) =>
  ((o.metadata ?? {}) as { name?: unknown }).name as string | undefined;

export const namespaceOf = (o: Record<string, unknown>) =>
  ((o.metadata ?? {}) as { namespace?: unknown }).namespace as
    | string
    | undefined;

export const labelsOf = (o: Record<string, unknown>) =>
  (((o.metadata ?? {}) as { labels?: unknown }).labels ?? {}) as Record<
    string,
    string
  >;
