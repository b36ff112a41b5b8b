/** The public types of the Kustomize renderer: its output, options and error. */

/** One object of the build output and the file it came from. */
export interface RenderedObject {
  object: Record<string, unknown>;
  /** The source file of the object (the kustomization file for generated objects). */
  file: string;
}

export class KustomizeError extends Error {
  constructor(public readonly file: string, public readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'KustomizeError';
  }
}

export interface RenderOptions {
  /** Paths in errors and results are relative to it; nothing may resolve outside it. */
  repoRoot?: string;
}
