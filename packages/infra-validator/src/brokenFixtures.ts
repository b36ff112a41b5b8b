import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * A deliberately broken infra repo: the real `infra/` and cluster registry,
 * copied, with one edit. Each case in `fixtures/broken/<case>.yaml` names
 * the edit and the problem the validator must report for it.
 */
export interface BrokenCase {
  name: string;
  description: string;
  /** Edits, relative to the repo root: replace text, or write a whole file. */
  edits: Array<
    | { file: string; replace: string; with: string }
    | { file: string; content: string }
    | { file: string; delete: true }
  >;
  /** The problem expected: its file and a part of its reason. */
  expect: { file: string; reason: string };
}

export function loadBrokenCases(dir: string): BrokenCase[] {
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => ({
      name: f.replace(/\.yaml$/, ''),
      ...(parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Omit<
        BrokenCase,
        'name'
      >),
    }));
}

/**
 * Copies `infra/` (with its cluster registry) of `repoRoot` into a new
 * temporary root and applies the case's edits. An edit whose text is not
 * found throws, so a case cannot silently stop breaking anything.
 */
export function materialise(repoRoot: string, c: BrokenCase): string {
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), `infra-broken-${c.name}-`),
  );
  fs.cpSync(path.join(repoRoot, 'infra'), path.join(root, 'infra'), {
    recursive: true,
  });
  for (const edit of c.edits) {
    const file = path.join(root, edit.file);
    if ('content' in edit) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, edit.content);
    } else if ('delete' in edit) {
      fs.rmSync(file, { recursive: true });
    } else {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(edit.replace)) {
        throw new Error(
          `case ${c.name}: "${edit.replace}" not found in ${edit.file}`,
        );
      }
      fs.writeFileSync(file, text.replace(edit.replace, edit.with));
    }
  }
  return root;
}
