/**
 * A finding of the validator: which file (relative to the repo root), where
 * in it, and why. `where` is a document index and JSON pointer for
 * manifests ("#2 /spec/template"), or empty for whole-file findings.
 */
export interface Problem {
  file: string;
  where: string;
  reason: string;
}

export function formatProblem(p: Problem): string {
  return p.where
    ? `${p.file} ${p.where}: ${p.reason}`
    : `${p.file}: ${p.reason}`;
}

/** Collects problems for one file and document without repeating the names. */
export class Problems {
  readonly list: Problem[] = [];

  add(file: string, where: string, reason: string) {
    this.list.push({ file, where, reason });
  }

  /** Adds several, removing duplicates (a base rendered by three overlays). */
  addAll(problems: Problem[]) {
    for (const p of problems) {
      if (
        !this.list.some(
          q =>
            q.file === p.file && q.where === p.where && q.reason === p.reason,
        )
      ) {
        this.list.push(p);
      }
    }
  }
}
